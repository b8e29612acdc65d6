/* An inotify watch (IN_CREATE|IN_DELETE) on directory argv[1]. Cheap: fdinfo shows watch 1 with
 * that mask and no event is queued. Deep: creating a file there gives IN_CREATE, wd 1, its name. */
#include <errno.h>
#include <fcntl.h>
#include <sys/inotify.h>
#include "check.h"

static int in;
static const char *dir;

static int cheap(char *why) {
    char path[64], line[512];
    int wd = 0, n = 0; unsigned mask = 0;
    snprintf(path, sizeof path, "/proc/self/fdinfo/%d", in);
    FILE *f = fopen(path, "r");
    while (fgets(line, sizeof line, f)) {
        char *w = strstr(line, "inotify wd:");
        if (w) { n++; sscanf(w, "inotify wd:%x", &wd); char *m = strstr(line, " mask:"); if (m) sscanf(m, " mask:%x", &mask); }
    }
    fclose(f);
    if (n != 1 || wd != 1 || mask != (IN_CREATE | IN_DELETE)) FAIL("%d watches, wd %d mask %x", n, wd, mask);
    char buf[512];
    if (read(in, buf, sizeof buf) != -1 || errno != EAGAIN) FAIL("event queued");
    return 1;
}

static int deep(char *why) {
    char p[512], buf[4096];
    snprintf(p, sizeof p, "%s/created-after-restore", dir);
    close(open(p, O_CREAT | O_WRONLY, 0644));
    int k = read(in, buf, sizeof buf);
    if (k < (int)sizeof(struct inotify_event)) FAIL("no event (%d)", k);
    struct inotify_event *e = (struct inotify_event *)buf;
    if (e->wd != 1 || !(e->mask & IN_CREATE) || strcmp(e->name, "created-after-restore") != 0) FAIL("event wd %d mask %x %.40s", e->wd, e->mask, e->name);
    return 1;
}

int main(int argc, char **argv) {
    dir = argv[1];
    in = inotify_init1(IN_NONBLOCK);
    if (inotify_add_watch(in, dir, IN_CREATE | IN_DELETE) != 1) return 1;
    run("count", cheap, deep, 20000);
}
