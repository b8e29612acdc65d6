/* Memory kinds across a checkpoint: a big anonymous region with a position-dependent pattern
 * (size in MiB from argv[1]; the file goes to directory argv[2]), a region made read-only with mprotect, a PROT_NONE guard between two
 * written pages, a region moved by mremap, a private file mapping with one dirty page, and a
 * MAP_SHARED anonymous page a child process beats in. Every line verifies all of them. */
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

#define P 4096
static uint64_t f(uint64_t i) { return i * 0x9E3779B97F4A7C15ull + 7; }

static int perms_of(void *addr, char *out) {
    FILE *m = fopen("/proc/self/maps", "r");
    char line[512];
    unsigned long a = (unsigned long)addr, s, e;
    int found = 0;
    while (fgets(line, sizeof line, m)) {
        if (sscanf(line, "%lx-%lx %4s", &s, &e, out) == 3 && a >= s && a < e) { found = 1; break; }
    }
    fclose(m);
    return found;
}

int main(int argc, char **argv) {
    size_t mib = argc > 1 ? strtoul(argv[1], NULL, 10) : 64;
    size_t words = mib * 1024 * 1024 / 8;
    uint64_t *big = mmap(NULL, words * 8, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    for (size_t i = 0; i < words; i++) big[i] = f(i);

    char *ro = mmap(NULL, 16 * P, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    memset(ro, 'r', 16 * P);
    mprotect(ro, 16 * P, PROT_READ);

    char *g = mmap(NULL, 3 * P, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    memset(g, 'g', 3 * P);
    mprotect(g + P, P, PROT_NONE);

    char *mv = mmap(NULL, 8 * P, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    for (int i = 0; i < 8 * P; i++) mv[i] = (char)(i * 7);
    mv = mremap(mv, 8 * P, 64 * P, MREMAP_MAYMOVE);

    char path[4096];
    snprintf(path, sizeof path, "%s/vos-memory-XXXXXX", argc > 2 ? argv[2] : "/tmp");
    int fd = mkstemp(path);
    char page[P];
    memset(page, 'A', P);
    for (int i = 0; i < 4; i++) write(fd, page, P);
    char *fm = mmap(NULL, 4 * P, PROT_READ | PROT_WRITE, MAP_PRIVATE, fd, 0);
    close(fd);
    memset(fm + P, 'B', P);

    /* a MAP_SHARED file mapping: its pages live in the file, written through the mapping */
    char spath[4096];
    snprintf(spath, sizeof spath, "%s/vos-shared-XXXXXX", argc > 2 ? argv[2] : "/tmp");
    int sfd = mkstemp(spath);
    ftruncate(sfd, 2 * P);
    char *sm = mmap(NULL, 2 * P, PROT_READ | PROT_WRITE, MAP_SHARED, sfd, 0);
    close(sfd);
    long scount = 0;

    char *wipe = mmap(NULL, 4 * P, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    memset(wipe, 'w', 4 * P);
    madvise(wipe, 4 * P, MADV_WIPEONFORK);

    volatile long *sh = mmap(NULL, P, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    if (fork() == 0) {
        /* the child sees the wipe-on-fork region zeroed */
        if (wipe[0] != 0) { printf("BAD wipeonfork\n"); fflush(stdout); }
        for (;;) { sh[0]++; usleep(2000); }
    }
    long last = 0;
    for (long count = 1;; count++) {
        int ok = 1;
        for (size_t i = 0; i < words; i++) if (big[i] != f(i)) { ok = 0; break; }
        for (int i = 0; i < 16 * P; i++) if (ro[i] != 'r') { ok = 0; break; }
        char pr[8] = "";
        ok &= perms_of(ro, pr) && strcmp(pr, "r--p") == 0;
        ok &= g[0] == 'g' && g[2 * P] == 'g' && perms_of(g + P, pr) && strcmp(pr, "---p") == 0;
        for (int i = 0; i < 8 * P; i++) if (mv[i] != (char)(i * 7)) { ok = 0; break; }
        ok &= fm[0] == 'A' && fm[P] == 'B' && fm[2 * P] == 'A';
        ok &= wipe[0] == 'w' && wipe[4 * P - 1] == 'w';
        /* the shared file mapping holds what was last written, and so does the file */
        long seen;
        memcpy(&seen, sm + P, sizeof seen);
        ok &= seen == scount;
        scount++;
        memcpy(sm + P, &scount, sizeof scount);
        int srd = open(spath, O_RDONLY);
        long infile = -1;
        ok &= srd >= 0 && pread(srd, &infile, sizeof infile, P) == sizeof infile && infile == scount;
        if (srd >= 0) close(srd);
        /* a child forked now must again see the region wiped (the advice survived) */
        pid_t k = fork();
        if (k == 0) _exit(wipe[0] == 0 ? 0 : 1);
        int kst = 0;
        waitpid(k, &kst, 0);
        ok &= WIFEXITED(kst) && WEXITSTATUS(kst) == 0;
        int rd = open(path, O_RDONLY);
        char c = 0;
        ok &= rd >= 0 && pread(rd, &c, 1, P) == 1 && c == 'A';
        if (rd >= 0) close(rd);
        for (int w = 0; w < 10000 && sh[0] <= last; w++) usleep(1000);
        ok &= sh[0] > last;
        last = sh[0];
        printf("count %ld pid %d %s shared=%ld\n", count, getpid(), ok ? "OK" : "BAD", last);
        fflush(stdout);
        usleep(20000);
    }
}
