/* An epoll set with 3 targets: an eventfd (IN, level), a pipe read end (IN|ET), the pipe's write
 * end (OUT). Cheap: the interest list in fdinfo is exact and epoll_wait reports exactly the
 * eventfd and the write end. Deep: after a write the read end is reported with its data too. */
#include <stdint.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include "check.h"

static int ep, ev, p[2];
#define D_EV 0x1111222233334444ULL
#define D_RD 0x5555666677778888ULL
#define D_WR 0x99990000aaaabbbbULL

static int ready(uint64_t *seen, int max) {
    struct epoll_event out[8];
    int n = epoll_wait(ep, out, 8, 0);
    for (int i = 0; i < n && i < max; i++) seen[i] = out[i].data.u64;
    return n;
}

static int has(uint64_t *s, int n, uint64_t d) { for (int i = 0; i < n; i++) if (s[i] == d) return 1; return 0; }

static int interest(char *why) {
    char path[64], line[256];
    snprintf(path, sizeof path, "/proc/self/fdinfo/%d", ep);
    FILE *f = fopen(path, "r");
    int n = 0;
    while (fgets(line, sizeof line, f)) {
        int tfd; unsigned ev_mask; unsigned long long data;
        if (sscanf(line, "tfd: %d events: %x data: %llx", &tfd, &ev_mask, &data) == 3) {
            ev_mask &= ~(unsigned)(EPOLLERR | EPOLLHUP); /* always reported, added by the kernel */
            n++;
            if (tfd == ev && (ev_mask != EPOLLIN || data != D_EV)) { fclose(f); FAIL("eventfd entry %x %llx", ev_mask, data); }
            if (tfd == p[0] && (ev_mask != (EPOLLIN | EPOLLET) || data != D_RD)) { fclose(f); FAIL("read end entry %x %llx", ev_mask, data); }
            if (tfd == p[1] && (ev_mask != EPOLLOUT || data != D_WR)) { fclose(f); FAIL("write end entry %x %llx", ev_mask, data); }
        }
    }
    fclose(f);
    if (n != 3) FAIL("%d targets", n);
    return 1;
}

static int cheap(char *why) {
    if (!interest(why)) return 0;
    uint64_t s[8];
    int n = ready(s, 8);
    if (n != 2 || !has(s, n, D_EV) || !has(s, n, D_WR)) FAIL("%d ready", n);
    return 1;
}

static int deep(char *why) {
    if (!cheap(why)) return 0;
    write(p[1], "x", 1);
    uint64_t s[8];
    int n = ready(s, 8);
    if (n != 3 || !has(s, n, D_RD)) FAIL("after write %d ready", n);
    n = ready(s, 8); /* edge-triggered: reported once */
    if (n != 2 || has(s, n, D_RD)) FAIL("edge reported twice (%d)", n);
    return 1;
}

int main(void) {
    ep = epoll_create1(EPOLL_CLOEXEC);
    ev = eventfd(1, 0);
    if (pipe(p) < 0) return 1;
    struct epoll_event e = {EPOLLIN, {.u64 = D_EV}};
    epoll_ctl(ep, EPOLL_CTL_ADD, ev, &e);
    e.events = EPOLLIN | EPOLLET; e.data.u64 = D_RD;
    epoll_ctl(ep, EPOLL_CTL_ADD, p[0], &e);
    e.events = EPOLLOUT; e.data.u64 = D_WR;
    epoll_ctl(ep, EPOLL_CTL_ADD, p[1], &e);
    run("count", cheap, deep, 20000);
}
