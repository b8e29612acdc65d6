/* Migration workload: appends "line N" to the file argv[1] every 20 ms through one descriptor
 * opened once (O_APPEND), so the file must follow the program to the new host. */
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

int main(int argc, char **argv) {
    int fd = open(argc > 1 ? argv[1] : "/tmp/appender.out", O_WRONLY | O_CREAT | O_APPEND, 0644);
    if (fd < 0) { perror("open"); return 1; }
    for (long n = 1;; n++) {
        char b[64];
        int len = snprintf(b, sizeof b, "line %ld\n", n);
        if (write(fd, b, len) != len) { perror("write"); return 1; }
        printf("wrote %ld\n", n);
        fflush(stdout);
        usleep(20000);
    }
}
