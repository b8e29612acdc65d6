/* Single-threaded counter with a heap checksum: each step first verifies that the heap still holds
 * the pattern of the previous step, then rewrites it for this step and prints the count. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#define WORDS (1u << 18) /* 1 MiB */

static uint32_t f(uint32_t i, long c) { return (i * 2654435761u) ^ (uint32_t)(c * 40503u); }

int main(void) {
    uint32_t *heap = malloc(WORDS * sizeof *heap);
    long count = 0;
    uint64_t sum = 0;
    for (uint32_t i = 0; i < WORDS; i++) heap[i] = f(i, 0);
    for (uint32_t i = 0; i < WORDS; i++) sum += heap[i];
    for (;;) {
        uint64_t check = 0;
        int ok = 1;
        for (uint32_t i = 0; i < WORDS; i++) {
            if (heap[i] != f(i, count)) ok = 0;
            check += heap[i];
        }
        if (check != sum) ok = 0;
        count++;
        sum = 0;
        for (uint32_t i = 0; i < WORDS; i++) { heap[i] = f(i, count); sum += heap[i]; }
        printf("count %ld pid %d %s\n", count, getpid(), ok ? "OK" : "BAD");
        fflush(stdout);
        usleep(20000);
    }
}
