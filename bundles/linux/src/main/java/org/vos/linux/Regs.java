package org.vos.linux;

import java.util.Arrays;

/** x86_64 {@code struct user_regs_struct}: 27 unsigned longs in kernel order. */
public final class Regs {
    public static final int R15 = 0, R14 = 1, R13 = 2, R12 = 3, RBP = 4, RBX = 5, R11 = 6, R10 = 7,
            R9 = 8, R8 = 9, RAX = 10, RCX = 11, RDX = 12, RSI = 13, RDI = 14, ORIG_RAX = 15, RIP = 16,
            CS = 17, EFLAGS = 18, RSP = 19, SS = 20, FS_BASE = 21, GS_BASE = 22, DS = 23, ES = 24,
            FS = 25, GS = 26, COUNT = 27;

    public final long[] r;

    public Regs(long[] r) {
        if (r.length != COUNT) {
            throw new IllegalArgumentException("user_regs_struct has 27 fields, not " + r.length);
        }
        this.r = r;
    }

    public Regs copy() {
        return new Regs(r.clone());
    }

    public long rip() {
        return r[RIP];
    }

    public long rsp() {
        return r[RSP];
    }

    public long rax() {
        return r[RAX];
    }

    public long origRax() {
        return r[ORIG_RAX];
    }

    /** Loads a system call: number in rax, args in rdi, rsi, rdx, r10, r8, r9; orig_rax -1. */
    public Regs forSyscall(long rip, long nr, long... args) {
        Regs x = copy();
        x.r[RIP] = rip;
        x.r[RAX] = nr;
        x.r[ORIG_RAX] = -1;
        int[] slot = {RDI, RSI, RDX, R10, R8, R9};
        for (int i = 0; i < args.length; i++) {
            x.r[slot[i]] = args[i];
        }
        return x;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Regs g && Arrays.equals(r, g.r);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(r);
    }

    @Override
    public String toString() {
        return String.format("rip=%x rsp=%x rax=%x orig_rax=%d", r[RIP], r[RSP], r[RAX], r[ORIG_RAX]);
    }
}
