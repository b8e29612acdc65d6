/* uname-n: prints its node name every 100 ms ("node NAME seq N"). */
#include <stdio.h>
#include <sys/utsname.h>
#include <time.h>

int main(void) {
    struct timespec ts = {0, 100 * 1000 * 1000};
    for (unsigned long n = 0;; n++) {
        struct utsname u;
        uname(&u);
        printf("node %s seq %lu\n", u.nodename, n);
        fflush(stdout);
        nanosleep(&ts, NULL);
    }
}
