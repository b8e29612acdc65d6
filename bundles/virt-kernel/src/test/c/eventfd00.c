/* An eventfd at 7 (non-blocking) and a semaphore eventfd at 3. Cheap: read 7 and write it back.
 * Deep: exactly 7 then EAGAIN; the semaphore gives 1 three times then EAGAIN; both still count. */
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <sys/eventfd.h>
#include "check.h"

static int e, s;

static int cheap(char *why) {
    uint64_t v = 0;
    if (read(e, &v, 8) != 8 || v != 7) FAIL("eventfd read %llu", (unsigned long long)v);
    if (write(e, &v, 8) != 8) FAIL("write back");
    int fl = fcntl(e, F_GETFL);
    if (!(fl & O_NONBLOCK)) FAIL("lost O_NONBLOCK");
    return 1;
}

static int deep(char *why) {
    uint64_t v = 0;
    if (read(e, &v, 8) != 8 || v != 7) FAIL("eventfd read %llu", (unsigned long long)v);
    if (read(e, &v, 8) != -1 || errno != EAGAIN) FAIL("second read did not EAGAIN");
    v = 5;
    write(e, &v, 8);
    if (read(e, &v, 8) != 8 || v != 5) FAIL("count 5 read as %llu", (unsigned long long)v);
    for (int i = 0; i < 3; i++)
        if (read(s, &v, 8) != 8 || v != 1) FAIL("semaphore read %d gave %llu", i, (unsigned long long)v);
    if (read(s, &v, 8) != -1 || errno != EAGAIN) FAIL("semaphore not empty after 3");
    return 1;
}

int main(void) {
    e = eventfd(7, EFD_NONBLOCK);
    s = eventfd(3, EFD_SEMAPHORE | EFD_NONBLOCK | EFD_CLOEXEC);
    if (e < 0 || s < 0) return 1;
    run("count", cheap, deep, 20000);
}
