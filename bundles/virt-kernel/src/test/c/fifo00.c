/* A FIFO argv[1] opened read-only (non-blocking) and write-only here, 5000 bytes unread, and
 * a pipe whose unread 3000 bytes must survive a checkpoint that leaves the program running.
 * Cheap: both hold exactly that much. Deep: the data is exact and both still carry new data. */
#include <fcntl.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include "check.h"

static int r, w, p[2];
static unsigned char pat(int i, int s) { return (unsigned char)((i * 11 + s) % 241); }
static int pending(int fd) { int n = -1; ioctl(fd, FIONREAD, &n); return n; }

static int drain(int fd, int n, int s, char *why) {
    static unsigned char b[8192];
    int got = 0;
    while (got < n) { int k = read(fd, b + got, n - got); if (k <= 0) FAIL("read %d after %d", k, got); got += k; }
    for (int i = 0; i < n; i++) if (b[i] != pat(i, s)) FAIL("byte %d", i);
    return 1;
}

static void fill(int fd, int n, int s) {
    static unsigned char b[8192];
    for (int i = 0; i < n; i++) b[i] = pat(i, s);
    if (write(fd, b, n) != n) exit(2);
}

static int cheap(char *why) {
    if (pending(r) != 5000) FAIL("fifo holds %d", pending(r));
    if (pending(p[0]) != 3000) FAIL("pipe holds %d", pending(p[0]));
    if (!(fcntl(r, F_GETFL) & O_NONBLOCK) || (fcntl(w, F_GETFL) & O_NONBLOCK)) FAIL("flags");
    return 1;
}

static int deep(char *why) {
    if (!drain(r, 5000, 1, why) || !drain(p[0], 3000, 2, why)) return 0;
    fill(w, 10, 3);
    fill(p[1], 10, 4);
    return drain(r, 10, 3, why) && drain(p[0], 10, 4, why);
}

int main(int argc, char **argv) {
    mkfifo(argv[1], 0600);
    r = open(argv[1], O_RDONLY | O_NONBLOCK);
    w = open(argv[1], O_WRONLY);
    if (r < 0 || w < 0 || pipe(p) < 0) return 1;
    fill(w, 5000, 1);
    fill(p[1], 3000, 2);
    run("count", cheap, deep, 20000);
}
