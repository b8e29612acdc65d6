package org.vos.engine.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.vos.linux.Errno;
import org.vos.linux.Regs;
import org.vos.linux.Sys;

/** How a thread frozen inside a system call resumes (DESIGN.md: ERESTART* handling). */
class TraceeTest {
    static Regs inSyscall(long rax, long nr) {
        long[] r = new long[Regs.COUNT];
        r[Regs.RAX] = rax;
        r[Regs.ORIG_RAX] = nr;
        r[Regs.RIP] = 0x1002;
        return new Regs(r);
    }

    @Test
    void restartableCallsRunAgain() {
        for (int code : new int[] {Errno.ERESTARTSYS, Errno.ERESTARTNOINTR, Errno.ERESTARTNOHAND}) {
            for (boolean live : new boolean[] {true, false}) {
                Regs r = Tracee.resumable(inSyscall(-code, 7), live);
                assertEquals(7, r.rax());
                assertEquals(0x1000, r.rip());
                assertEquals(-1, r.origRax());
            }
        }
    }

    @Test
    void restartBlockContinuesLiveButReturnsEintrAfterRestore() {
        Regs live = Tracee.resumable(inSyscall(-Errno.ERESTART_RESTARTBLOCK, 230), true);
        assertEquals(Sys.SYS_restart_syscall, live.rax());
        assertEquals(0x1000, live.rip());
        Regs restored = Tracee.resumable(inSyscall(-Errno.ERESTART_RESTARTBLOCK, 230), false);
        assertEquals(-Errno.EINTR, restored.rax());
        assertEquals(0x1002, restored.rip());
    }

    @Test
    void finishedCallsAndUserCodeAreLeftAlone() {
        Regs done = Tracee.resumable(inSyscall(5, 0), false);
        assertEquals(5, done.rax());
        assertEquals(0x1002, done.rip());
        Regs user = Tracee.resumable(inSyscall(-Errno.ERESTARTSYS, -1), false);
        assertEquals(-Errno.ERESTARTSYS, user.rax(), "not in a system call: rax is the program's");
        assertEquals(0x1002, user.rip());
    }
}
