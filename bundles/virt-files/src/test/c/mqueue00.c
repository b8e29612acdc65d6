/* Holds a POSIX message queue descriptor (shown as "/vos-virt-test-PID" of the mqueue file system):
 * no virtualizer handles it yet, so a checkpoint must be refused before the freeze. */
#include <fcntl.h>
#include <mqueue.h>
#include "check.h"

static int ok(char *why) { (void)why; return 1; }

int main(int argc, char **argv) {
    char name[64];
    snprintf(name, sizeof name, "/vos-virt-test-%d", getpid());
    mqd_t q = mq_open(name, O_CREAT | O_RDWR, 0600, NULL);
    if (q < 0) return 1;
    if (argc > 1) mq_unlink(name); /* then it shows as "/NAME (deleted)" */
    run("count", ok, ok, 20000);
}
