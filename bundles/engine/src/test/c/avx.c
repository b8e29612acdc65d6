/* Values live in ymm0-ymm15 during a long spin; a checkpoint lands in the spin almost always. A
 * line is OK when all 16 registers still hold what was loaded. */
#include <stdint.h>
#include <stdio.h>
#include <unistd.h>

static int round_ok(uint64_t seed) {
    uint64_t in[16][4] __attribute__((aligned(32))), out[16][4] __attribute__((aligned(32)));
    for (int r = 0; r < 16; r++)
        for (int k = 0; k < 4; k++) in[r][k] = seed * 1000003u + r * 131 + k;
    __asm__ volatile(
        "vmovdqu 0(%0), %%ymm0\n vmovdqu 32(%0), %%ymm1\n vmovdqu 64(%0), %%ymm2\n vmovdqu 96(%0), %%ymm3\n"
        "vmovdqu 128(%0), %%ymm4\n vmovdqu 160(%0), %%ymm5\n vmovdqu 192(%0), %%ymm6\n vmovdqu 224(%0), %%ymm7\n"
        "vmovdqu 256(%0), %%ymm8\n vmovdqu 288(%0), %%ymm9\n vmovdqu 320(%0), %%ymm10\n vmovdqu 352(%0), %%ymm11\n"
        "vmovdqu 384(%0), %%ymm12\n vmovdqu 416(%0), %%ymm13\n vmovdqu 448(%0), %%ymm14\n vmovdqu 480(%0), %%ymm15\n"
        "mov $200000000, %%rcx\n"
        "1: dec %%rcx\n jnz 1b\n"
        "vmovdqu %%ymm0, 0(%1)\n vmovdqu %%ymm1, 32(%1)\n vmovdqu %%ymm2, 64(%1)\n vmovdqu %%ymm3, 96(%1)\n"
        "vmovdqu %%ymm4, 128(%1)\n vmovdqu %%ymm5, 160(%1)\n vmovdqu %%ymm6, 192(%1)\n vmovdqu %%ymm7, 224(%1)\n"
        "vmovdqu %%ymm8, 256(%1)\n vmovdqu %%ymm9, 288(%1)\n vmovdqu %%ymm10, 320(%1)\n vmovdqu %%ymm11, 352(%1)\n"
        "vmovdqu %%ymm12, 384(%1)\n vmovdqu %%ymm13, 416(%1)\n vmovdqu %%ymm14, 448(%1)\n vmovdqu %%ymm15, 480(%1)\n"
        "vzeroupper\n"
        : : "r"(in), "r"(out)
        : "rcx", "memory", "xmm0", "xmm1", "xmm2", "xmm3", "xmm4", "xmm5", "xmm6", "xmm7", "xmm8", "xmm9",
          "xmm10", "xmm11", "xmm12", "xmm13", "xmm14", "xmm15");
    for (int r = 0; r < 16; r++)
        for (int k = 0; k < 4; k++)
            if (in[r][k] != out[r][k]) return 0;
    return 1;
}

int main(void) {
    for (long count = 1;; count++) {
        int ok = round_ok(count);
        printf("count %ld pid %d %s\n", count, getpid(), ok ? "OK" : "BAD");
        fflush(stdout);
    }
}
