/* Host-private file workload: writes a 64 KiB pattern file (byte i = i % 251) into argv[1],
 * keeps it open read-only, and reads 16 bytes a tick, checking each against its position, so a
 * restore elsewhere must bring the same content at the same offset: "tick N pos P ok" (or BAD). */
#include <fcntl.h>
#include <stdio.h>
#include <unistd.h>

int main(int argc, char **argv) {
    const char *path = argc > 1 ? argv[1] : "/tmp/tmpoffset.dat";
    int w = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
    if (w < 0) { perror("open for writing"); return 1; }
    for (int i = 0; i < 65536; i++) {
        unsigned char c = i % 251;
        if (write(w, &c, 1) != 1) { perror("write"); return 1; }
    }
    close(w);
    int fd = open(path, O_RDONLY);
    if (fd < 0) { perror("open"); return 1; }
    for (long n = 1;; n++) {
        off_t pos = lseek(fd, 0, SEEK_CUR);
        unsigned char b[16];
        if (pos + 16 > 65536) { lseek(fd, 0, SEEK_SET); pos = 0; }
        int ok = read(fd, b, 16) == 16;
        for (int i = 0; ok && i < 16; i++) ok = b[i] == (pos + i) % 251;
        printf("tick %ld pos %ld %s\n", n, (long) pos, ok ? "ok" : "BAD");
        fflush(stdout);
        usleep(50000);
    }
}
