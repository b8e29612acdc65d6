/* Hot-deploy workload: holds an eventfd whose count is 7 between ticks. Each tick adds 1, reads
 * the count back (must be 8), restores 7, and prints "tick N ev=8 ok" (or BAD), so a restore
 * that lost the eventfd or its count shows in the log. */
#include <stdint.h>
#include <stdio.h>
#include <sys/eventfd.h>
#include <unistd.h>

int main(void) {
    int fd = eventfd(7, EFD_NONBLOCK);
    if (fd < 0) { perror("eventfd"); return 1; }
    for (long n = 1;; n++) {
        uint64_t one = 1, got = 0, seven = 7;
        if (write(fd, &one, 8) != 8 || read(fd, &got, 8) != 8 || write(fd, &seven, 8) != 8) {
            printf("tick %ld BAD eventfd: %m\n", n);
        } else {
            printf("tick %ld ev=%llu %s\n", n, (unsigned long long) got, got == 8 ? "ok" : "BAD");
        }
        fflush(stdout);
        usleep(50000);
    }
}
