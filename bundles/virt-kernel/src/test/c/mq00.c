/* Two POSIX message queues: "/vos-mq-test-PID" (linked; 3 messages, priorities 1, 5, 5) and an
 * unlinked one (2 messages, non-blocking). Cheap: attributes and counts are exact. Deep: messages
 * come out in priority order with their texts, and both queues still carry new messages.
 * "mq00 unlink NAME" removes a queue (the test uses it to play a host that lacks the queue). */
#include <errno.h>
#include <fcntl.h>
#include <mqueue.h>
#include <time.h>
#include "check.h"

static mqd_t a, b;
static char name[64];

static int attrs(mqd_t q, long cur, int nonblock, char *why) {
    struct mq_attr at;
    if (mq_getattr(q, &at) < 0) { char l[128] = "", p[64]; snprintf(p, 64, "/proc/self/fd/%d", q); readlink(p, l, 127); FAIL("getattr fd %d errno %d link %.60s", q, errno, l); }
    if (at.mq_maxmsg != 10 || at.mq_msgsize != 128 || at.mq_curmsgs != cur) FAIL("attr %ld %ld %ld", at.mq_maxmsg, at.mq_msgsize, at.mq_curmsgs);
    if (!!(at.mq_flags & O_NONBLOCK) != nonblock) FAIL("flags %lx", at.mq_flags);
    return 1;
}

static int cheap(char *why) { return attrs(a, 3, 0, why) && attrs(b, 2, 1, why); }

static int expect(mqd_t q, const char *text, unsigned prio, char *why) {
    char buf[128];
    unsigned p = 0;
    ssize_t n = mq_receive(q, buf, sizeof buf, &p);
    if (n < 0) FAIL("receive: %d", errno);
    buf[n] = 0;
    if (strcmp(buf, text) != 0 || p != prio) FAIL("got %.40s/%u, want %s/%u", buf, p, text, prio);
    return 1;
}

static int deep(char *why) {
    if (!expect(a, "high-a", 5, why) || !expect(a, "high-b", 5, why) || !expect(a, "low", 1, why)) return 0;
    if (!expect(b, "two", 7, why) || !expect(b, "one", 2, why)) return 0;
    char buf[128];
    if (mq_receive(b, buf, sizeof buf, NULL) != -1 || errno != EAGAIN) FAIL("unlinked queue not empty");
    mq_send(a, "new", 3, 9);
    if (!expect(a, "new", 9, why)) return 0;
    mq_unlink(name);
    return 1;
}

int main(int argc, char **argv) {
    if (argc > 2 && !strcmp(argv[1], "unlink")) return mq_unlink(argv[2]) == 0 ? 0 : 1;
    struct mq_attr at = {0, 10, 128, 0};
    snprintf(name, sizeof name, "/vos-mq-test-%d-%ld", getpid(), (long)time(NULL));
    a = mq_open(name, O_CREAT | O_EXCL | O_RDWR, 0600, &at);
    b = mq_open("/vos-mq-test-tmp", O_CREAT | O_RDWR | O_NONBLOCK, 0600, &at);
    if (a < 0 || b < 0) { printf("setup BAD errno %d\n", errno); fflush(stdout); return 1; }
    mq_unlink("/vos-mq-test-tmp");
    mq_send(a, "low", 3, 1);
    mq_send(a, "high-a", 6, 5);
    mq_send(a, "high-b", 6, 5);
    mq_send(b, "one", 3, 2);
    mq_send(b, "two", 3, 7);
    printf("queue %s\n", name);
    run("count", cheap, deep, 20000);
}
