package org.vos.linux;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Real calls against this JVM and a process that cannot exist. */
class SysTest {
    @Test
    void errorsCarryCallErrnoAndText() {
        LinuxException e = assertThrows(LinuxException.class, () -> Sys.kill(0x3ffffff0L, 0));
        assertEquals(Errno.ESRCH, e.errno());
        assertTrue(e.call().startsWith("kill"));
        assertTrue(e.getMessage().contains("No such process"), e.getMessage());
        assertFalse(Sys.alive(0x3ffffff0L));
    }

    @Test
    void rawSyscallsAndClocks() {
        assertEquals(ProcessHandle.current().pid(), Sys.call("getpid", Sys.SYS_getpid));
        long a = Sys.clockNanos(Sys.CLOCK_MONOTONIC);
        long b = Sys.clockNanos(Sys.CLOCK_MONOTONIC);
        assertTrue(b >= a);
        long[] lim = Sys.getrlimit(ProcessHandle.current().pid(), 7 /* RLIMIT_NOFILE */);
        assertTrue(lim[0] > 0 && lim[1] >= lim[0]);
    }

    @Test
    void exitCodes() {
        assertEquals(3, Sys.exitCode(3 << 8));
        assertEquals(128 + 9, Sys.exitCode(9));
    }
}
