/* getpid-loop N [hooked]: N getpid calls (or N uname calls with "hooked"), prints ns per call. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/utsname.h>
#include <time.h>
#include <unistd.h>

static long long now(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec * 1000000000LL + t.tv_nsec;
}

int main(int argc, char **argv) {
    long n = argc > 1 ? atol(argv[1]) : 1000000;
    int hooked = argc > 2 && strcmp(argv[2], "hooked") == 0;
    struct utsname u;
    for (int round = 0; round < 3; round++) {
        long long t0 = now();
        for (long i = 0; i < n; i++) {
            if (hooked) uname(&u); else syscall(SYS_getpid);
        }
        long long t1 = now();
        printf("%s ns/call %.1f\n", hooked ? "uname" : "getpid", (double)(t1 - t0) / n);
        fflush(stdout);
    }
    printf("done\n");
    fflush(stdout);
    pause();
    return 0;
}
