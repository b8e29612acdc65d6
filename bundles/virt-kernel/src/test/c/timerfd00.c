/* A periodic CLOCK_MONOTONIC timerfd (50 ms). Each step blocks on it; the expirations counted so
 * far must match the monotonic time since arming (the namespace's clock continues across
 * restore). Deep: the interval is still exactly 50 ms and the timer keeps ticking. */
#include <stdint.h>
#include <sys/timerfd.h>
#include <time.h>
#include "check.h"

#define PERIOD_NS 50000000LL
static int t;
static uint64_t total;
static struct timespec start;

static long long ns_since(struct timespec *a) {
    struct timespec n;
    clock_gettime(CLOCK_MONOTONIC, &n);
    return (n.tv_sec - a->tv_sec) * 1000000000LL + (n.tv_nsec - a->tv_nsec);
}

static int cheap(char *why) {
    uint64_t k = 0;
    if (read(t, &k, 8) != 8 || k == 0) FAIL("read timerfd");
    total += k;
    long long expect = ns_since(&start) / PERIOD_NS;
    if ((long long)total < expect - 3 || (long long)total > expect + 1) FAIL("ticks %llu, expected ~%lld", (unsigned long long)total, expect);
    snprintf(why, 200, "mono-ms %lld ticks %llu", ns_since(&start) / 1000000, (unsigned long long)total);
    return 1;
}

static int deep(char *why) {
    struct itimerspec cur;
    if (timerfd_gettime(t, &cur) < 0) FAIL("gettime");
    if (cur.it_interval.tv_sec != 0 || cur.it_interval.tv_nsec != PERIOD_NS) FAIL("interval %ld.%09ld", (long)cur.it_interval.tv_sec, cur.it_interval.tv_nsec);
    if (cur.it_value.tv_sec != 0 || cur.it_value.tv_nsec > PERIOD_NS || (cur.it_value.tv_nsec == 0)) FAIL("value %ld.%09ld", (long)cur.it_value.tv_sec, cur.it_value.tv_nsec);
    return cheap(why);
}

int main(void) {
    t = timerfd_create(CLOCK_MONOTONIC, 0);
    struct itimerspec its = {{0, PERIOD_NS}, {0, PERIOD_NS}};
    clock_gettime(CLOCK_MONOTONIC, &start);
    timerfd_settime(t, 0, &its, NULL);
    run("count", cheap, deep, 0);
}
