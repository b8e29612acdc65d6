/* Holds N descriptors of one class (argv[1]) for the handle bench; each step checks that
 * fcntl(F_GETFD) still finds exactly as many descriptors as after setup, and prints
 * "count N pid P OK|BAD". Classes: none file tmp deleted memfd pipe eventfd timerfd signalfd epoll inotify. */
#define _GNU_SOURCE
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/inotify.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/signalfd.h>
#include <sys/timerfd.h>
#include <unistd.h>

/* Open descriptors, counted without opening one (the freeze may come at any instruction). */
static int fds(void) {
    int n = 0;
    for (int fd = 0; fd < 4096; fd++) if (fcntl(fd, F_GETFD) >= 0) n++;
    return n;
}

int main(int argc, char **argv) {
    const char *cls = argv[1];
    int n = atoi(argv[2]);
    const char *dir = argc > 3 ? argv[3] : "/tmp";
    struct rlimit rl;
    getrlimit(RLIMIT_NOFILE, &rl);
    rl.rlim_cur = rl.rlim_max;
    setrlimit(RLIMIT_NOFILE, &rl);
    char page[4096];
    memset(page, 'v', sizeof page);
    int ev = eventfd(0, 0);
    sigset_t m;
    sigemptyset(&m);
    sigaddset(&m, SIGUSR2);
    sigprocmask(SIG_BLOCK, &m, NULL);
    for (int i = 0; i < n; i++) {
        char p[512];
        int fd = -1;
        if (!strcmp(cls, "none")) break;
        if (!strcmp(cls, "file")) fd = open("/etc/hostname", O_RDONLY);
        if (!strcmp(cls, "tmp") || !strcmp(cls, "deleted")) {
            snprintf(p, sizeof p, "%s/f%d", dir, i);
            fd = open(p, O_RDWR | O_CREAT | O_TRUNC, 0600);
            write(fd, page, sizeof page);
            if (!strcmp(cls, "deleted")) unlink(p);
        }
        if (!strcmp(cls, "memfd")) { fd = memfd_create("bench", 0); write(fd, page, sizeof page); }
        if (!strcmp(cls, "pipe")) { int q[2]; pipe(q); write(q[1], page, 100); i++; fd = q[0]; }
        if (!strcmp(cls, "eventfd")) fd = eventfd(i, 0);
        if (!strcmp(cls, "timerfd")) {
            fd = timerfd_create(CLOCK_MONOTONIC, 0);
            struct itimerspec its = {{1, 0}, {1, 0}};
            timerfd_settime(fd, 0, &its, NULL);
        }
        if (!strcmp(cls, "signalfd")) fd = signalfd(-1, &m, 0);
        if (!strcmp(cls, "epoll")) {
            fd = epoll_create1(0);
            struct epoll_event e = {EPOLLIN, {.u64 = i}};
            epoll_ctl(fd, EPOLL_CTL_ADD, ev, &e);
        }
        if (!strcmp(cls, "inotify")) { fd = inotify_init1(0); inotify_add_watch(fd, dir, IN_CREATE); }
        if (fd < 0) { printf("setup %s %d BAD\n", cls, i); fflush(stdout); return 1; }
    }
    int want = fds();
    for (long count = 1;; count++) {
        printf("count %ld pid %d %s\n", count, getpid(), fds() == want ? "OK" : "BAD");
        fflush(stdout);
        usleep(20000);
    }
}
