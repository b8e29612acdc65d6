/* Migration workload: maps libgreet.so (found through its rpath in the host's private /tmp) and
 * prints "tick N" every 20 ms; the minimal strategy must refuse a host without that library. */
#include <stdio.h>
#include <unistd.h>

int greet(int n);

int main(void) {
    for (int n = 1;; n++) {
        printf("tick %d greet %d %s\n", n, greet(n), greet(n) == 3 * n + 1 ? "OK" : "BAD");
        fflush(stdout);
        usleep(20000);
    }
}
