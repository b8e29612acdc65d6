/* Pipe A: both ends here, 10 KiB unread. Pipe B: this process keeps the write end, its child the
 * read end, 10 KiB unread. Deep: A's data is exact and A still works; the child drains B exactly
 * and then reads what the parent writes after the deep check. */
#include <sys/ioctl.h>
#include "check.h"

#define N 10240
static int a[2], b[2];
static pid_t child;

static unsigned char pat(int i, int salt) { return (unsigned char)((i * 7 + salt) % 251); }
static int pending(int fd) { int n = -1; ioctl(fd, FIONREAD, &n); return n; }

static int drain(int fd, int n, int salt, char *why) {
    static unsigned char buf[N];
    int got = 0;
    while (got < n) {
        int k = read(fd, buf + got, n - got);
        if (k <= 0) FAIL("read gave %d after %d bytes", k, got);
        got += k;
    }
    for (int i = 0; i < n; i++)
        if (buf[i] != pat(i, salt)) FAIL("byte %d is %d, want %d", i, buf[i], pat(i, salt));
    return 1;
}

static void fill(int fd, int n, int salt) {
    static unsigned char buf[N];
    for (int i = 0; i < n; i++) buf[i] = pat(i, salt);
    if (write(fd, buf, n) != n) { perror("write"); exit(1); }
}

static int parent_cheap(char *why) {
    if (pending(a[0]) != N) FAIL("pipe A holds %d", pending(a[0]));
    if (pending(b[1]) != N) FAIL("pipe B holds %d", pending(b[1]));
    return 1;
}

static int parent_deep(char *why) {
    if (!drain(a[0], N, 1, why)) return 0;
    fill(a[1], 100, 5);
    if (!drain(a[0], 100, 5, why)) return 0;
    kill(child, SIGUSR1);
    fill(b[1], 100, 9); /* the child reads this after its 10 KiB */
    return 1;
}

static int child_cheap(char *why) {
    if (pending(b[0]) < N) FAIL("pipe B holds %d", pending(b[0]));
    return 1;
}

static int child_deep(char *why) {
    if (!drain(b[0], N, 2, why)) return 0;
    return drain(b[0], 100, 9, why);
}

int main(void) {
    if (pipe(a) < 0 || pipe(b) < 0) return 1;
    fill(a[1], N, 1);
    fill(b[1], N, 2);
    child = fork();
    if (child == 0) {
        close(a[0]); close(a[1]); close(b[1]);
        run("child", child_cheap, child_deep, 20000);
    }
    close(b[0]);
    run("count", parent_cheap, parent_deep, 20000);
}
