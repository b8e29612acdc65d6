/* Migration workload: four threads count under one mutex; the main thread prints "tick N" every
 * 10 ms and checks that the threads' counts still add up to the shared total (OK/BAD). */
#include <pthread.h>
#include <stdio.h>
#include <unistd.h>

static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;
static long cnt[4], total;

static void *worker(void *arg) {
    long i = (long)arg;
    for (;;) {
        pthread_mutex_lock(&mu);
        cnt[i]++;
        total++;
        pthread_mutex_unlock(&mu);
        usleep(1000);
    }
    return NULL;
}

int main(void) {
    pthread_t t[4];
    for (long i = 0; i < 4; i++) pthread_create(&t[i], NULL, worker, (void *)i);
    for (long n = 1;; n++) {
        pthread_mutex_lock(&mu);
        long sum = cnt[0] + cnt[1] + cnt[2] + cnt[3];
        int ok = sum == total;
        pthread_mutex_unlock(&mu);
        printf("tick %ld threads %ld %s\n", n, sum, ok ? "OK" : "BAD");
        fflush(stdout);
        usleep(10000);
    }
}
