/* A non-blocking signalfd for SIGUSR2 (blocked). Cheap: fdinfo sigmask is exactly SIGUSR2 and
 * nothing is pending. Deep: a raised SIGUSR2 is read from the signalfd with its number. */
#include <errno.h>
#include <fcntl.h>
#include <sys/signalfd.h>
#include "check.h"

static int sfd;

static int cheap(char *why) {
    char path[64], line[128];
    unsigned long long mask = 0;
    snprintf(path, sizeof path, "/proc/self/fdinfo/%d", sfd);
    FILE *f = fopen(path, "r");
    while (fgets(line, sizeof line, f)) sscanf(line, "sigmask: %llx", &mask);
    fclose(f);
    if (mask != (1ULL << (SIGUSR2 - 1))) FAIL("sigmask %llx", mask);
    struct signalfd_siginfo si;
    if (read(sfd, &si, sizeof si) != -1 || errno != EAGAIN) FAIL("something pending");
    if (!(fcntl(sfd, F_GETFL) & O_NONBLOCK)) FAIL("lost O_NONBLOCK");
    return 1;
}

static int deep(char *why) {
    raise(SIGUSR2);
    struct signalfd_siginfo si;
    if (read(sfd, &si, sizeof si) != sizeof si) FAIL("no siginfo");
    if (si.ssi_signo != SIGUSR2) FAIL("signal %u", si.ssi_signo);
    return cheap(why);
}

int main(void) {
    sigset_t m;
    sigemptyset(&m);
    sigaddset(&m, SIGUSR2);
    sigprocmask(SIG_BLOCK, &m, NULL);
    sfd = signalfd(-1, &m, SFD_NONBLOCK);
    run("count", cheap, deep, 20000);
}
