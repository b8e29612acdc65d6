/* Shared loop of the self-checking handle programs: every step runs a cheap check that does not
 * change the handle's state and prints "PREFIX N pid P OK|BAD reason"; SIGUSR1 asks for the deep
 * check (consumes and verifies the exact state, then proves the handle still works), printed as
 * "PREFIX-deep OK|BAD reason". */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static volatile sig_atomic_t deep_req;
static void on_usr1(int s) { (void)s; deep_req = 1; }

#define FAIL(...) do { snprintf(why, 200, __VA_ARGS__); return 0; } while (0)

static void run(const char *prefix, int (*cheap)(char *why), int (*deep)(char *why), int sleep_us) {
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_usr1;
    sa.sa_flags = SA_RESTART;
    sigaction(SIGUSR1, &sa, NULL);
    int deep_done = 0;
    for (long count = 1;; count++) {
        char why[256] = "";
        int ok = deep_done ? 1 : cheap(why);
        printf("%s %ld pid %d %s %s\n", prefix, count, getpid(), ok ? "OK" : "BAD", why);
        if (deep_req && !deep_done) {
            deep_done = 1;
            why[0] = 0;
            ok = deep(why);
            printf("%s-deep %s %s\n", prefix, ok ? "OK" : "BAD", why);
        }
        fflush(stdout);
        if (sleep_us || deep_done) usleep(sleep_us ? sleep_us : 20000);
    }
}
