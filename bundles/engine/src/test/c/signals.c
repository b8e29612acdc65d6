/* Signal state across a checkpoint: a SIGUSR1 handler that must run on the sigaltstack, SIGUSR2
 * and SIGRTMIN+1 (queued with a value) blocked and pending. Every line checks that both stay
 * pending and the handlers stay installed. On SIGUSR1 the program unblocks the pending ones; their
 * handlers must then run, the real-time one with its value. */
#define _GNU_SOURCE
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static char *alt;
static volatile sig_atomic_t usr1, usr1_on_alt, usr2, rt, rt_value;

static void on_usr1(int s) {
    char here;
    (void)s;
    usr1++;
    usr1_on_alt = &here >= alt && &here < alt + SIGSTKSZ * 4;
}
static void on_usr2(int s) { (void)s; usr2++; }
static void on_rt(int s, siginfo_t *si, void *c) { (void)s; (void)c; rt++; rt_value = si->si_value.sival_int; }

int main(void) {
    alt = malloc(SIGSTKSZ * 4);
    stack_t ss = {.ss_sp = alt, .ss_size = SIGSTKSZ * 4, .ss_flags = 0};
    sigaltstack(&ss, NULL);
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_usr1;
    sa.sa_flags = SA_ONSTACK | SA_RESTART;
    sigaction(SIGUSR1, &sa, NULL);
    sa.sa_handler = on_usr2;
    sa.sa_flags = SA_RESTART;
    sigaction(SIGUSR2, &sa, NULL);
    sa.sa_sigaction = on_rt;
    sa.sa_flags = SA_SIGINFO | SA_RESTART;
    sigaction(SIGRTMIN + 1, &sa, NULL);
    sigset_t block;
    sigemptyset(&block);
    sigaddset(&block, SIGUSR2);
    sigaddset(&block, SIGRTMIN + 1);
    sigprocmask(SIG_BLOCK, &block, NULL);
    raise(SIGUSR2);
    union sigval v = {.sival_int = 42};
    sigqueue(getpid(), SIGRTMIN + 1, v);
    int released = 0;
    for (long count = 1;; count++) {
        sigset_t pend;
        sigpending(&pend);
        struct sigaction cur;
        sigaction(SIGUSR1, NULL, &cur);
        int ok = cur.sa_handler == on_usr1 && (cur.sa_flags & SA_ONSTACK);
        stack_t now;
        sigaltstack(NULL, &now);
        ok &= now.ss_sp == alt;
        if (!released) {
            ok &= sigismember(&pend, SIGUSR2) && sigismember(&pend, SIGRTMIN + 1);
        }
        printf("count %ld pid %d %s usr1=%d alt=%d usr2=%d rt=%d value=%d\n", count, getpid(), ok ? "OK" : "BAD",
               (int)usr1, (int)usr1_on_alt, (int)usr2, (int)rt, (int)rt_value);
        fflush(stdout);
        if (usr1 && !released) {
            released = 1;
            sigprocmask(SIG_UNBLOCK, &block, NULL);
        }
        usleep(20000);
    }
}
