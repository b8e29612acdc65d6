/* 4 threads take turns under a mutex/condvar, each counting in thread-local storage; a SIGALRM
 * itimer handler ticks. Main prints when ticks advance; a line is OK when the TLS counters add up
 * to the shared counter, the workers made progress, every thread still has its tid, and ticks grow. */
#define _GNU_SOURCE
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/time.h>
#include <unistd.h>

#define N 4
static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t cv = PTHREAD_COND_INITIALIZER;
static long shared_count;
static int turn;
static __thread long mine;
static long *mine_of[N];
static volatile sig_atomic_t ticks;
static volatile int tid_bad;

static void on_alarm(int s) { (void)s; ticks++; }

static void *worker(void *arg) {
    int id = (int)(long)arg;
    pid_t me = gettid();
    mine_of[id] = &mine;
    for (;;) {
        pthread_mutex_lock(&mu);
        while (turn != id) pthread_cond_wait(&cv, &mu);
        shared_count++;
        mine++;
        turn = (turn + 1) % N;
        if (gettid() != me) tid_bad = 1;
        pthread_cond_broadcast(&cv);
        pthread_mutex_unlock(&mu);
        usleep(200);
    }
    return NULL;
}

int main(void) {
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_alarm;
    sa.sa_flags = SA_RESTART;
    sigaction(SIGALRM, &sa, NULL);
    struct itimerval it = {{0, 10000}, {0, 10000}};
    setitimer(ITIMER_REAL, &it, NULL);
    pthread_t th[N];
    for (long i = 0; i < N; i++) pthread_create(&th[i], NULL, worker, (void *)i);
    long last_shared = 0;
    sig_atomic_t last_ticks = 0;
    for (long count = 1;; count++) {
        while (ticks < last_ticks + 5) usleep(1000);
        /* the workers must move on, however slowly the machine runs them (at most 10 s) */
        for (int w = 0; w < 10000; w++) {
            pthread_mutex_lock(&mu);
            long now = shared_count;
            pthread_mutex_unlock(&mu);
            if (now > last_shared) break;
            usleep(1000);
        }
        pthread_mutex_lock(&mu);
        long sum = 0;
        for (int i = 0; i < N; i++) sum += mine_of[i] ? *mine_of[i] : 0;
        long s = shared_count;
        pthread_mutex_unlock(&mu);
        int ok = sum == s && s > last_shared && !tid_bad;
        printf("count %ld pid %d %s shared=%ld ticks=%d\n", count, getpid(), ok ? "OK" : "BAD", s, (int)ticks);
        fflush(stdout);
        last_shared = s;
        last_ticks = ticks;
    }
}
