/* One open file of the kind argv[1] names, checked exactly on every step:
 *   deleted DIR : DIR/gone.dat, 20000 bytes, unlinked, offset 1234, opened a second time read-only
 *   memfd       : memfd "vos-test", 12305 bytes, seals SHRINK|GROW, offset 777, opened a second time read-only
 *   tmp FILE    : FILE (in /tmp), 10000 bytes, offset 4321
 *   locks FILE  : as tmp, plus flock(LOCK_EX) on it and POSIX locks WRITE 10-99, READ 200-EOF on FILE.2
 * Deep (SIGUSR1): reads on from the offset, writes and reads back, checks what must be refused. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <sys/mman.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include "check.h"

static int fd, fd2 = -1, alias = -1, size, off, deleted;
static const char *path;
static const char *mode;

static unsigned char pat(int i) { return (unsigned char)((i * 13 + 7) % 253); }

static int content(char *why) {
    static unsigned char buf[32768];
    if (pread(fd, buf, size, 0) != size) FAIL("short pread");
    for (int i = 0; i < size; i++) if (buf[i] != pat(i)) FAIL("byte %d is %d", i, buf[i]);
    return 1;
}

static int locks_listed(char *why) {
    char p[64], line[256];
    int flock_w = 0, posix_w = 0, posix_r = 0;
    snprintf(p, sizeof p, "/proc/self/fdinfo/%d", fd);
    FILE *f = fopen(p, "r");
    while (fgets(line, sizeof line, f)) if (strstr(line, "FLOCK") && strstr(line, "WRITE") && strstr(line, " 0 EOF")) flock_w++;
    fclose(f);
    snprintf(p, sizeof p, "/proc/self/fdinfo/%d", fd2);
    f = fopen(p, "r");
    while (fgets(line, sizeof line, f)) {
        if (strstr(line, "POSIX") && strstr(line, "WRITE") && strstr(line, " 10 99")) posix_w++;
        if (strstr(line, "POSIX") && strstr(line, "READ") && strstr(line, " 200 EOF")) posix_r++;
    }
    fclose(f);
    if (flock_w != 1 || posix_w != 1 || posix_r != 1) FAIL("locks flock %d posix-w %d posix-r %d", flock_w, posix_w, posix_r);
    return 1;
}

/* Another process must really be kept out. */
static int locks_hold(char *why) {
    pid_t me = getpid(), c = fork();
    if (c == 0) {
        int o = open(path, O_RDWR);
        if (flock(o, LOCK_EX | LOCK_NB) == 0) _exit(1);
        struct flock q = {F_WRLCK, SEEK_SET, 50, 1, 0};
        if (fcntl(fd2, F_GETLK, &q) < 0 || q.l_type != F_WRLCK || q.l_pid != me) _exit(2);
        struct flock q2 = {F_RDLCK, SEEK_SET, 500, 1, 0};
        if (fcntl(fd2, F_GETLK, &q2) < 0 || q2.l_type != F_UNLCK) _exit(3); /* readers may share */
        struct flock q3 = {F_WRLCK, SEEK_SET, 500, 1, 0};
        if (fcntl(fd2, F_GETLK, &q3) < 0 || q3.l_type != F_RDLCK) _exit(4);
        _exit(0);
    }
    int st = 0;
    waitpid(c, &st, 0);
    if (!WIFEXITED(st) || WEXITSTATUS(st) != 0) FAIL("lock probe failed with %d", WEXITSTATUS(st));
    return 1;
}

static int cheap(char *why) {
    struct stat st;
    if (fd2 >= 0 && !locks_listed(why)) return 0;
    if (fstat(fd, &st) < 0) FAIL("fstat");
    if (st.st_size != size) FAIL("size %ld", (long)st.st_size);
    if (lseek(fd, 0, SEEK_CUR) != off) FAIL("offset %ld", (long)lseek(fd, 0, SEEK_CUR));
    if (deleted && st.st_nlink != 0) FAIL("nlink %ld", (long)st.st_nlink);
    if ((fcntl(fd, F_GETFL) & O_ACCMODE) != O_RDWR) FAIL("not O_RDWR");
    if (alias >= 0) {
        struct stat sa;
        if (fstat(alias, &sa) < 0 || sa.st_ino != st.st_ino || sa.st_dev != st.st_dev) FAIL("second open file is another inode");
        if ((fcntl(alias, F_GETFL) & O_ACCMODE) != O_RDONLY) FAIL("second open file not O_RDONLY");
    }
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
    if (fd2 >= 0 && !locks_hold(why)) return 0;
    if (alias >= 0) { /* one inode: a write through fd shows through the other open file */
        unsigned char y = 0xAB, z = 0;
        pwrite(fd, &y, 1, 6);
        pread(alias, &z, 1, 6);
        y = pat(6);
        pwrite(fd, &y, 1, 6);
        if (z != 0xAB) FAIL("write not seen through the second open file");
    }
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
        char self[64];
        snprintf(self, sizeof self, "/proc/self/fd/%d", fd);
        alias = open(self, O_RDONLY);
        unlink(p);
    } else if (!strcmp(mode, "memfd")) {
        fd = memfd_create("vos-test", MFD_ALLOW_SEALING);
        size = 3 * 4096 + 17; off = 777;
        fill();
        fcntl(fd, F_ADD_SEALS, F_SEAL_SHRINK | F_SEAL_GROW);
        char self[64];
        snprintf(self, sizeof self, "/proc/self/fd/%d", fd);
        alias = open(self, O_RDONLY);
    } else {
        path = argv[2];
        fd = open(argv[2], O_RDWR | O_CREAT | O_TRUNC, 0600);
        size = 10000; off = 4321;
        fill();
        if (!strcmp(mode, "locks")) {
            char p2[512];
            snprintf(p2, sizeof p2, "%s.2", argv[2]);
            fd2 = open(p2, O_RDWR | O_CREAT | O_TRUNC, 0600);
            flock(fd, LOCK_EX);
            struct flock w = {F_WRLCK, SEEK_SET, 10, 90, 0}, r = {F_RDLCK, SEEK_SET, 200, 0, 0};
            fcntl(fd2, F_SETLK, &w);
            fcntl(fd2, F_SETLK, &r);
        }
    }
    if (fd < 0) return 1;
    run("count", cheap, deep, 20000);
}
