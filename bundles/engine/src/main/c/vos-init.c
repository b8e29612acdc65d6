/*
 * vos-init: the small launcher the engine spawns (posix_spawn) so that no Java code runs between
 * fork and exec. It unshares a pid + time namespace, becomes (through one fork) pid 1 of it, and
 * starts the program as pid 2, or, at restore, a stopped placeholder at a chosen pid that the
 * engine seizes and turns into the checkpointed process. pid 1 stays as the namespace's init: it
 * reaps orphans and exits with the program's status (128+signal when it was killed), which the
 * outer process passes on to the engine.
 *
 *   vos-init launch  LOG CWD -- ARGV...            (CWD "-" = inherit)
 *   vos-init launch-stopped LOG CWD -- ARGV...     the program SIGSTOPs itself before its exec,
 *       so the engine can seize it and install a seccomp filter before any of its code runs
 *   vos-init restore LOG MONO_NS BOOT_NS PID EXE [host]
 *       placeholder at PID that SIGSTOPs itself before its exec; with "host" no namespaces are
 *       made and PID is a pid of the host's namespace (a process vos did not launch), exit 124
 *       when it is taken.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <linux/sched.h>
#include <sched.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/personality.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#ifndef CLONE_NEWTIME
#define CLONE_NEWTIME 0x00000080
#endif

static int logfd = 2;

static void die(const char *what) {
    dprintf(logfd, "vos-init: %s: %s\n", what, strerror(errno));
    _exit(126);
}

static void reset_signals(void) {
    sigset_t all;
    sigemptyset(&all);
    sigprocmask(SIG_SETMASK, &all, NULL);
    for (int s = 1; s < 65; s++) {
        if (s != SIGKILL && s != SIGSTOP) signal(s, SIG_DFL);
    }
}

static void set_offsets(long long mono, long long boot) {
    if (mono == 0 && boot == 0) return;
    char buf[128];
    long long ms = mono / 1000000000LL, mn = mono % 1000000000LL;
    long long bs = boot / 1000000000LL, bn = boot % 1000000000LL;
    if (mn < 0) { mn += 1000000000LL; ms--; }
    if (bn < 0) { bn += 1000000000LL; bs--; }
    int n = snprintf(buf, sizeof buf, "monotonic %lld %lld\nboottime %lld %lld\n", ms, mn, bs, bn);
    int fd = open("/proc/self/timens_offsets", O_WRONLY | O_CLOEXEC);
    if (fd < 0 || write(fd, buf, n) != n) die("timens_offsets");
    close(fd);
}

/* pid 1: reap everything, leave with the status of the program (main). */
static int init_loop(pid_t main) {
    for (;;) {
        int st;
        pid_t p = waitpid(-1, &st, __WALL);
        if (p < 0) {
            if (errno == EINTR) continue;
            return 125;
        }
        if (p == main) {
            if (WIFEXITED(st)) return WEXITSTATUS(st);
            if (WIFSIGNALED(st)) return 128 + WTERMSIG(st);
        }
    }
}

static pid_t clone_at(pid_t pid) {
    struct clone_args a;
    memset(&a, 0, sizeof a);
    a.exit_signal = SIGCHLD;
    pid_t tid[1] = {pid};
    a.set_tid = (uint64_t)(uintptr_t)tid;
    a.set_tid_size = 1;
    return (pid_t)syscall(SYS_clone3, &a, sizeof a);
}

int main(int argc, char **argv) {
    if (argc < 3) {
        fprintf(stderr, "usage: vos-init launch LOG CWD -- ARGV... | restore LOG MONO BOOT PID EXE\n");
        return 2;
    }
    int restore = strcmp(argv[1], "restore") == 0;
    int stopped = strcmp(argv[1], "launch-stopped") == 0;
    reset_signals();
    syscall(SYS_close_range, 3, ~0U, 0);
    logfd = open(argv[2], O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0644);
    if (logfd < 0) { logfd = 2; die(argv[2]); }

    int host = restore && argc > 7 && strcmp(argv[7], "host") == 0;
    if (restore && argc < 7) { errno = EINVAL; die("restore arguments"); }
    pid_t init = 0;
    if (!host) {
        if (unshare(CLONE_NEWPID | CLONE_NEWTIME) < 0) die("unshare");
        if (restore) set_offsets(atoll(argv[3]), atoll(argv[4]));
        init = fork();
    }
    if (init < 0) die("fork init");
    if (init > 0) {
        /* outer process: the engine's child; hand the init's status on */
        int st;
        while (waitpid(init, &st, 0) < 0) {
            if (errno != EINTR) return 125;
        }
        if (WIFEXITED(st)) return WEXITSTATUS(st);
        return 128 + WTERMSIG(st);
    }
    /* pid 1 of the new namespace (or, with "host", the parent of the restored process) */
    if (!host) prctl(PR_SET_NAME, "vos-init");
    pid_t main_pid;
    if (!restore) {
        int dd = 3;
        while (dd < argc && strcmp(argv[dd], "--") != 0) dd++;
        if (dd + 1 >= argc) { errno = EINVAL; die("no command"); }
        const char *cwd = argv[3];
        main_pid = fork();
        if (main_pid < 0) die("fork");
        if (main_pid == 0) {
            setsid();
            personality(ADDR_NO_RANDOMIZE);
            if (strcmp(cwd, "-") != 0 && chdir(cwd) < 0) die(cwd);
            int nul = open("/dev/null", O_RDONLY);
            int out = open(argv[2], O_WRONLY | O_APPEND | O_CREAT, 0644);
            if (nul < 0 || out < 0) die("open stdio");
            dup2(nul, 0); dup2(out, 1); dup2(out, 2);
            if (nul > 2) close(nul);
            if (out > 2) close(out);
            if (stopped) raise(SIGSTOP);
            execvp(argv[dd + 1], argv + dd + 1);
            die(argv[dd + 1]);
        }
    } else {
        pid_t want = (pid_t)atol(argv[5]);
        const char *exe = argv[6];
        main_pid = want == 1 ? -1 : clone_at(want);
        if (main_pid < 0) {
            dprintf(logfd, "vos-init: pid %d: %s\n", want, strerror(errno));
            _exit(errno == EEXIST ? 124 : 126);
        }
        if (main_pid == 0) {
            setsid();
            personality(ADDR_NO_RANDOMIZE);
            /* the engine seizes the placeholder in this stop and turns it into the image */
            raise(SIGSTOP);
            char *av[] = {(char *)exe, NULL};
            char *ev[] = {NULL};
            execve(exe, av, ev);
            die(exe);
        }
    }
    close(logfd);
    return init_loop(main_pid);
}
