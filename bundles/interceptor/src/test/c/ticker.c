/* ticker: writes "tick N pid P" every 50 ms with write(2) and nanosleep(2); the test checks that
 * N never restarts or skips while hooks come and go. */
#include <stdio.h>
#include <time.h>
#include <unistd.h>

int main(void) {
    char buf[64];
    struct timespec ts = {0, 50 * 1000 * 1000};
    for (unsigned long n = 0;; n++) {
        int l = snprintf(buf, sizeof buf, "tick %lu pid %d\n", n, (int)getpid());
        if (write(1, buf, l) != l) return 3;
        nanosleep(&ts, NULL);
    }
}
