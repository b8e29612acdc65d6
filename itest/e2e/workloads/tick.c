/* Migration workload: prints "tick N pid P" every PERIOD ms (argv[1], default 10) with N
 * counting from 1, checking a 1 MiB heap pattern each step. A restart would print tick 1 again;
 * a lost or repeated step shows as a gap or a repeat in the log. Optional argv[2]: MiB of extra
 * heap filled with a pattern that is verified on every step (slow for big sizes: 1 page/step). */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define WORDS (1u << 18)

static uint32_t f(uint32_t i, long c) { return (i * 2654435761u) ^ (uint32_t)(c * 40503u); }

int main(int argc, char **argv) {
    long period = argc > 1 ? atol(argv[1]) : 10;
    size_t extra = argc > 2 ? (size_t)atol(argv[2]) << 20 : 0;
    uint32_t *heap = malloc(WORDS * sizeof *heap);
    unsigned char *big = extra ? malloc(extra) : NULL;
    for (size_t i = 0; i < extra; i++) big[i] = (unsigned char)(i * 131 + 7);
    long count = 0;
    for (uint32_t i = 0; i < WORDS; i++) heap[i] = f(i, 0);
    size_t probe = 0;
    for (;;) {
        int ok = 1;
        for (uint32_t i = 0; i < WORDS; i++)
            if (heap[i] != f(i, count)) ok = 0;
        if (extra) { /* verify one page of the big area per step, walking through all of it */
            for (size_t j = 0; j < 4096 && probe + j < extra; j++)
                if (big[probe + j] != (unsigned char)((probe + j) * 131 + 7)) ok = 0;
            probe = probe + 4096 >= extra ? 0 : probe + 4096;
        }
        count++;
        for (uint32_t i = 0; i < WORDS; i++) heap[i] = f(i, count);
        printf("tick %ld pid %d %s\n", count, getpid(), ok ? "OK" : "BAD");
        fflush(stdout);
        usleep(period * 1000);
    }
}
