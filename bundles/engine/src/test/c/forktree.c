/* A tree: root, two children, a grandchild. Each checks that getpid/getppid never change and
 * beats a counter in a MAP_SHARED anonymous page shared by all four; the root prints a line
 * when every member has beaten since the last line. */
#include <stdio.h>
#include <sys/mman.h>
#include <unistd.h>

static volatile long *hb;

static void member(int role) {
    pid_t me = getpid(), parent = getppid();
    for (;;) {
        if (getpid() != me || getppid() != parent) {
            printf("BAD role %d pid %d->%d ppid %d->%d\n", role, me, getpid(), parent, getppid());
            fflush(stdout);
            me = getpid();
            parent = getppid();
        }
        hb[role]++;
        usleep(5000);
    }
}

int main(void) {
    hb = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    if (fork() == 0) {
        if (fork() == 0) member(3);
        member(1);
    }
    if (fork() == 0) member(2);
    pid_t me = getpid(), parent = getppid();
    long last[4] = {0, 0, 0, 0};
    for (long count = 1;; count++) {
        int ok = getpid() == me && getppid() == parent;
        for (int waited = 0; waited < 10000; waited++) {
            int all = 1;
            for (int i = 1; i < 4; i++) all &= hb[i] > last[i];
            if (all) break;
            usleep(1000);
        }
        for (int i = 1; i < 4; i++) {
            if (hb[i] <= last[i]) ok = 0;
            last[i] = hb[i];
        }
        printf("count %ld pid %d %s hb=%ld,%ld,%ld\n", count, getpid(), ok ? "OK" : "BAD", last[1], last[2], last[3]);
        fflush(stdout);
        usleep(20000);
    }
}
