/* Holds the write end of a pipe whose read end a grandchild keeps after its parent exited: the
 * grandchild is reparented to the namespace's init, outside the tree rooted here. */
#include <sys/wait.h>
#include "check.h"

static int ok(char *why) { (void)why; return 1; }

int main(void) {
    int p[2];
    if (pipe(p) < 0) return 1;
    pid_t c = fork();
    if (c == 0) {
        if (fork() == 0) {
            close(p[1]);
            for (;;) pause();
        }
        _exit(0);
    }
    waitpid(c, NULL, 0);
    close(p[0]);
    run("count", ok, ok, 20000);
}
