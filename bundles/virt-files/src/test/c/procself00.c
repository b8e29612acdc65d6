/* Holds its own /proc/self/fd directory open (shown as /proc/HOSTPID/fd): after restore it must be
 * the directory of the restored process, so entries read through it are this process's. */
#include <fcntl.h>
#include "check.h"

static int d;

static int cheap(char *why) {
    char a[256] = "", b[256] = "", self[64];
    if (readlinkat(d, "1", a, sizeof a - 1) < 0) FAIL("no entry 1 through the dir fd");
    snprintf(self, sizeof self, "/proc/self/fd/1");
    readlink(self, b, sizeof b - 1);
    if (strcmp(a, b) != 0) FAIL("dir shows %.80s, self has %.80s", a, b);
    int fd = open("/dev/null", O_RDONLY); /* a new descriptor must show up through it */
    char n[16], c[256] = "";
    snprintf(n, sizeof n, "%d", fd);
    int ok = readlinkat(d, n, c, sizeof c - 1) > 0 && !strcmp(c, "/dev/null");
    close(fd);
    if (!ok) FAIL("new fd %d not seen through the dir", fd);
    return 1;
}

int main(void) {
    d = open("/proc/self/fd", O_RDONLY | O_DIRECTORY);
    if (d < 0) return 1;
    run("count", cheap, cheap, 20000);
}
