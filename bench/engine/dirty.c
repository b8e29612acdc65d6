/* Benchmark workload: N MiB (argv[1]) of anonymous memory, every page written, then idle; prints a
 * heartbeat with a checksum of a sample so a restored copy proves it is alive and intact. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <unistd.h>

int main(int argc, char **argv) {
    size_t n = strtoull(argv[1], NULL, 10) << 20;
    uint64_t *m = mmap(NULL, n, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    for (size_t i = 0; i < n / 8; i++) m[i] = i * 0x9E3779B97F4A7C15ull;
    for (long beat = 1;; beat++) {
        int ok = 1;
        for (size_t i = 0; i < n / 8; i += 4096) ok &= m[i] == i * 0x9E3779B97F4A7C15ull;
        printf("beat %ld %s\n", beat, ok ? "OK" : "BAD");
        fflush(stdout);
        usleep(10000);
    }
}
