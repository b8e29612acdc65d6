package org.vos.linux;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Real ptrace of a child: every request from one thread, as the kernel requires. */
class PtraceTest {
    long pid;
    ExecutorService tracer = Executors.newSingleThreadExecutor();

    @BeforeEach
    void start() {
        pid = Sys.spawn("/bin/sleep", List.of("sleep", "30"), List.of());
    }

    @AfterEach
    void stop() throws Exception {
        tracer.submit(() -> {
            Sys.kill(pid, Sys.SIGKILL);
            while (Sys.exitCode(Sys.waitpid(pid, Sys.WALL)[1]) < 0) {
                // a stop reported before the exit
            }
            return null;
        }).get();
        tracer.shutdown();
    }

    @Test
    void seizeInterruptReadStateDetach() throws Exception {
        tracer.submit(() -> {
            Ptrace.seize(pid, Ptrace.O_TRACESYSGOOD);
            Ptrace.interrupt(pid);
            int st = Sys.waitpid(pid, Sys.WALL)[1];
            assertTrue(Ptrace.stopped(st));
            assertEquals(Ptrace.EVENT_STOP, Ptrace.event(st));
            Regs r = Ptrace.getRegs(pid);
            assertTrue(r.rip() != 0 && r.rsp() != 0);
            // sleep is inside clock_nanosleep: the kernel shows the interrupted call
            assertEquals(230, r.origRax());
            byte[] xs = Ptrace.getXstate(pid);
            assertTrue(xs.length >= 576, "legacy area + xsave header at least: " + xs.length);
            assertEquals(512, Ptrace.getFpregs(pid).length);
            long mask = Ptrace.getSigmask(pid);
            Ptrace.setSigmask(pid, mask | (1L << 9));
            assertEquals(mask | (1L << 9), Ptrace.getSigmask(pid));
            Ptrace.setSigmask(pid, mask);
            assertEquals(List.of(), Ptrace.peekSiginfo(pid, false));
            long[] rseq = Ptrace.rseqConfiguration(pid);
            assertTrue(rseq[0] != 0, "glibc registers rseq for the main thread");
            Ptrace.setRegs(pid, r);
            assertEquals(r, Ptrace.getRegs(pid));
            Ptrace.detach(pid, 0);
            return null;
        }).get();
        assertEquals('S', new ProcFs(Path.of("/proc")).state(pid));
    }

    @Test
    void requestsOfAnUntracedProcessFailWithEsrch() throws Exception {
        tracer.submit(() -> {
            LinuxException e = assertThrows(LinuxException.class, () -> Ptrace.getRegs(pid));
            assertEquals(Errno.ESRCH, e.errno());
            assertTrue(e.call().contains("GETREGS"), e.call());
            return null;
        }).get();
    }
}
