/* Counts while holding a pipe open on fd 3/4: a descriptor kind the built-in virtualizers refuse. */
#include <stdio.h>
#include <unistd.h>

int main(void) {
    int p[2];
    if (pipe(p) < 0) return 1;
    for (long count = 1;; count++) {
        printf("count %ld pid %d OK\n", count, getpid());
        fflush(stdout);
        usleep(20000);
    }
}
