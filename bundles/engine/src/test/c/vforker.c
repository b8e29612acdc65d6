/* At count 3 the program vforks a child that sleeps 3 s before it exits: meanwhile the parent
 * waits uninterruptibly in vfork and cannot be frozen. Counting goes on after that. */
#define _GNU_SOURCE
#include <stdio.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

int main(void) {
    for (long count = 1;; count++) {
        printf("count %ld pid %d OK\n", count, getpid());
        fflush(stdout);
        if (count == 3) {
            if (vfork() == 0) {
                static const char msg[] = "vfork-child sleeping\n";
                syscall(SYS_write, 1, msg, sizeof msg - 1);
                struct timespec ts = {3, 0};
                syscall(SYS_nanosleep, &ts, NULL);
                syscall(SYS_exit, 0);
            }
        }
        usleep(20000);
    }
}
