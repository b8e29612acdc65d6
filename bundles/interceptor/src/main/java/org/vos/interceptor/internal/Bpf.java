package org.vos.interceptor.internal;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Collection;
import java.util.TreeSet;

/**
 * The seccomp program of a program with hooks: calls of another architecture (i386 via int 0x80,
 * x32) and every call no hook names are allowed in the kernel; the named ones go to the
 * listener ({@code SECCOMP_RET_USER_NOTIF}).
 */
final class Bpf {
    static final int AUDIT_ARCH_X86_64 = 0xc000003e;
    static final int RET_ALLOW = 0x7fff0000, RET_USER_NOTIF = 0x7fc00000;
    private static final int LD_W_ABS = 0x20, JEQ_K = 0x15, JGE_K = 0x35, RET_K = 0x06;
    private static final int X32_BIT = 0x40000000;

    private Bpf() {
    }

    /** {@code struct sock_filter[]}, little endian; at most 250 calls (8-bit jump offsets). */
    static byte[] program(Collection<Integer> syscalls) {
        TreeSet<Integer> nrs = new TreeSet<>(syscalls);
        if (nrs.isEmpty() || nrs.size() > 250) {
            throw new IllegalArgumentException("a filter names 1..250 system calls, not " + nrs.size());
        }
        int n = nrs.size();
        // 0: ld arch; 1: jeq x86_64 ? 2 : allow; 2: ld nr; 3: jge X32 ? allow : 4; 4..4+n-1: jeq nr ? notify;
        // 4+n: allow; 5+n: notify
        int allow = 4 + n, notify = 5 + n;
        ByteBuffer b = ByteBuffer.allocate((6 + n) * 8).order(ByteOrder.LITTLE_ENDIAN);
        insn(b, LD_W_ABS, 0, 0, 4);
        insn(b, JEQ_K, 0, allow - 2, AUDIT_ARCH_X86_64);
        insn(b, LD_W_ABS, 0, 0, 0);
        insn(b, JGE_K, allow - 4, 0, X32_BIT);
        int i = 4;
        for (int nr : nrs) {
            insn(b, JEQ_K, notify - i - 1, 0, nr);
            i++;
        }
        insn(b, RET_K, 0, 0, RET_ALLOW);
        insn(b, RET_K, 0, 0, RET_USER_NOTIF);
        return b.array();
    }

    private static void insn(ByteBuffer b, int code, int jt, int jf, int k) {
        b.putShort((short) code).put((byte) jt).put((byte) jf).putInt(k);
    }
}
