package org.vos.interceptor.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

/** The filter program, run by a small interpreter of the classic BPF it uses. */
class BpfTest {
    private static final int I386 = 0x40000003;

    /** Runs {@code prog} on a seccomp_data with this arch and nr; returns the action. */
    static int run(byte[] prog, int arch, int nr) {
        ByteBuffer b = ByteBuffer.wrap(prog).order(ByteOrder.LITTLE_ENDIAN);
        int pc = 0;
        int acc = 0;
        for (int steps = 0; steps < 10_000; steps++) {
            int code = b.getShort(pc * 8) & 0xffff;
            int jt = b.get(pc * 8 + 2) & 0xff;
            int jf = b.get(pc * 8 + 3) & 0xff;
            int k = b.getInt(pc * 8 + 4);
            switch (code) {
                case 0x20 -> {
                    acc = k == 0 ? nr : k == 4 ? arch : 0;
                    pc++;
                }
                case 0x15 -> pc += 1 + (acc == k ? jt : jf);
                case 0x35 -> pc += 1 + (Integer.compareUnsigned(acc, k) >= 0 ? jt : jf);
                case 0x06 -> {
                    return k;
                }
                default -> throw new IllegalStateException("opcode " + code);
            }
        }
        throw new IllegalStateException("no return");
    }

    @Test
    void namedCallsGoToTheListenerOthersRun() {
        byte[] p = Bpf.program(List.of(1, 230, 257));
        for (int nr = 0; nr < 460; nr++) {
            int want = nr == 1 || nr == 230 || nr == 257 ? Bpf.RET_USER_NOTIF : Bpf.RET_ALLOW;
            assertEquals(want, run(p, Bpf.AUDIT_ARCH_X86_64, nr), "nr " + nr);
        }
    }

    @Test
    void otherAbisAreNeverHooked() {
        byte[] p = Bpf.program(List.of(1));
        assertEquals(Bpf.RET_ALLOW, run(p, I386, 1));
        assertEquals(Bpf.RET_ALLOW, run(p, Bpf.AUDIT_ARCH_X86_64, 0x40000000 | 1)); // x32 write
    }

    @Test
    void the250CallLimitHolds() {
        byte[] p = Bpf.program(IntStream.range(0, 250).boxed().toList());
        assertEquals(Bpf.RET_USER_NOTIF, run(p, Bpf.AUDIT_ARCH_X86_64, 0));
        assertEquals(Bpf.RET_USER_NOTIF, run(p, Bpf.AUDIT_ARCH_X86_64, 249));
        assertEquals(Bpf.RET_ALLOW, run(p, Bpf.AUDIT_ARCH_X86_64, 250));
        assertThrows(IllegalArgumentException.class, () -> Bpf.program(IntStream.range(0, 251).boxed().toList()));
        assertThrows(IllegalArgumentException.class, () -> Bpf.program(List.of()));
    }

    @Test
    void syscallTableKnowsTheNames() {
        assertEquals(1, Syscalls.nr("write"));
        assertEquals(230, Syscalls.nr("clock_nanosleep"));
        assertEquals("openat", Syscalls.name(257));
        assertEquals(-1, Syscalls.nr("no_such_call"));
    }
}
