/* One open file of the kind argv[1] names, checked exactly on every step:
 *   deleted DIR : DIR/gone.dat, 20000 bytes, unlinked, offset 1234
 *   memfd       : memfd "vos-test", 12305 bytes, seals SHRINK|GROW, offset 777
 *   tmp FILE    : FILE (in /tmp), 10000 bytes, offset 4321
 * Deep (SIGUSR1): reads on from the offset, writes and reads back, checks what must be refused. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include "check.h"

static int fd, size, off, deleted;
static const char *mode;

static unsigned char pat(int i) { return (unsigned char)((i * 13 + 7) % 253); }

static int content(char *why) {
    static unsigned char buf[32768];
    if (pread(fd, buf, size, 0) != size) FAIL("short pread");
    for (int i = 0; i < size; i++) if (buf[i] != pat(i)) FAIL("byte %d is %d", i, buf[i]);
    return 1;
}

static int cheap(char *why) {
    struct stat st;
    if (fstat(fd, &st) < 0) FAIL("fstat");
    if (st.st_size != size) FAIL("size %ld", (long)st.st_size);
    if (lseek(fd, 0, SEEK_CUR) != off) FAIL("offset %ld", (long)lseek(fd, 0, SEEK_CUR));
    if (deleted && st.st_nlink != 0) FAIL("nlink %ld", (long)st.st_nlink);
    if ((fcntl(fd, F_GETFL) & O_ACCMODE) != O_RDWR) FAIL("not O_RDWR");
    if (!strcmp(mode, "memfd")) {
        int s = fcntl(fd, F_GET_SEALS);
        if (s != (F_SEAL_SHRINK | F_SEAL_GROW)) FAIL("seals %x", s);
        char link[256] = "", p[64];
        snprintf(p, sizeof p, "/proc/self/fd/%d", fd);
        readlink(p, link, sizeof link - 1);
        if (strncmp(link, "/memfd:vos-test", 15) != 0) FAIL("link %.100s", link);
    }
    return content(why);
}

static int deep(char *why) {
    unsigned char b[100];
    if (read(fd, b, 100) != 100) FAIL("read");
    for (int i = 0; i < 100; i++) if (b[i] != pat(off + i)) FAIL("read byte %d", off + i);
    off += 100;
    unsigned char x = pat(5);
    if (pwrite(fd, &x, 1, 5) != 1) FAIL("pwrite");
    if (!strcmp(mode, "memfd")) {
        if (ftruncate(fd, size + 4096) != -1 || errno != EPERM) FAIL("grow not refused");
        if (ftruncate(fd, 10) != -1 || errno != EPERM) FAIL("shrink not refused");
    }
    return cheap(why);
}

static void fill(void) {
    static unsigned char buf[32768];
    for (int i = 0; i < size; i++) buf[i] = pat(i);
    if (write(fd, buf, size) != size) exit(2);
    lseek(fd, off, SEEK_SET);
}

int main(int argc, char **argv) {
    mode = argv[1];
    if (!strcmp(mode, "deleted")) {
        char p[512];
        snprintf(p, sizeof p, "%s/gone.dat", argv[2]);
        fd = open(p, O_RDWR | O_CREAT | O_TRUNC, 0640);
        size = 20000; off = 1234; deleted = 1;
        fill();
        unlink(p);
    } else if (!strcmp(mode, "memfd")) {
        fd = memfd_create("vos-test", MFD_ALLOW_SEALING);
        size = 3 * 4096 + 17; off = 777;
        fill();
        fcntl(fd, F_ADD_SEALS, F_SEAL_SHRINK | F_SEAL_GROW);
    } else {
        fd = open(argv[2], O_RDWR | O_CREAT | O_TRUNC, 0600);
        size = 10000; off = 4321;
        fill();
    }
    if (fd < 0) return 1;
    run("count", cheap, deep, 20000);
}
