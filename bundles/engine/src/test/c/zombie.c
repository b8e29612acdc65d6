/* A child exits with 7 and is never reaped: every line checks (waitid WNOWAIT) that the zombie
 * is still there with its status, at the same pid. */
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

int main(void) {
    pid_t child = fork();
    if (child == 0) _exit(7);
    siginfo_t si;
    do {
        memset(&si, 0, sizeof si);
        waitid(P_PID, child, &si, WEXITED | WNOWAIT | WNOHANG);
    } while (si.si_pid == 0 && usleep(1000) == 0);
    for (long count = 1;; count++) {
        memset(&si, 0, sizeof si);
        int r = waitid(P_PID, child, &si, WEXITED | WNOWAIT | WNOHANG);
        int ok = r == 0 && si.si_pid == child && si.si_code == CLD_EXITED && si.si_status == 7;
        printf("count %ld pid %d %s zombie=%d status=%d\n", count, getpid(), ok ? "OK" : "BAD", (int)si.si_pid, si.si_status);
        fflush(stdout);
        usleep(20000);
    }
}
