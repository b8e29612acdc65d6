/* A POSIX timer (CLOCK_MONOTONIC, 10 ms period) signals SIGRTMIN+2 with value 77. A line is OK
 * when the timer kept its id, period and value and keeps ticking. */
#define _GNU_SOURCE
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static volatile sig_atomic_t ticks, bad_value;
static timer_t tid;

static void on_tick(int s, siginfo_t *si, void *c) {
    (void)s; (void)c;
    if (si->si_value.sival_int != 77 || si->si_code != SI_TIMER) bad_value = 1;
    ticks++;
}

int main(void) {
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_sigaction = on_tick;
    sa.sa_flags = SA_SIGINFO | SA_RESTART;
    sigaction(SIGRTMIN + 2, &sa, NULL);
    struct sigevent ev;
    memset(&ev, 0, sizeof ev);
    ev.sigev_notify = SIGEV_SIGNAL;
    ev.sigev_signo = SIGRTMIN + 2;
    ev.sigev_value.sival_int = 77;
    timer_create(CLOCK_MONOTONIC, &ev, &tid);
    struct itimerspec its = {{0, 10000000}, {0, 10000000}};
    timer_settime(tid, 0, &its, NULL);
    timer_t first = tid;
    int last = 0;
    for (long count = 1;; count++) {
        while (ticks < last + 5) usleep(1000);
        struct itimerspec now;
        int ok = timer_gettime(first, &now) == 0 && now.it_interval.tv_nsec == 10000000 && !bad_value;
        printf("count %ld pid %d %s ticks=%d\n", count, getpid(), ok ? "OK" : "BAD", (int)ticks);
        fflush(stdout);
        last = ticks;
    }
}
