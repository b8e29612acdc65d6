package org.vos.engine.internal;

import org.vos.api.domain.VosException;
import org.vos.linux.Errno;
import org.vos.linux.LinuxException;
import org.vos.linux.Ptrace;
import org.vos.linux.Regs;
import org.vos.linux.Sys;

/**
 * One seized thread and the remote system calls run in it. Injection: load the call into the
 * registers with rip at a {@code syscall} instruction and orig_rax -1, then PTRACE_SYSCALL to the
 * entry and the exit stop and read rax. Signals are blocked in the tracee while injecting, so no
 * signal-delivery stop can come between.
 */
final class Tracee {
    static final int SYSCALL_STOP = Sys.SIGTRAP | 0x80;
    final long pid;
    final long tid;
    /** Host tid of the last child an injected clone made (PTRACE_GETEVENTMSG). */
    long lastChild;

    Tracee(long pid, long tid) {
        this.pid = pid;
        this.tid = tid;
    }

    /** Waits for the next stop of this thread; throws when it exits instead. */
    int waitStop() {
        int[] r = Sys.waitpid(tid, Sys.WALL);
        int st = r[1];
        if (!Ptrace.stopped(st)) {
            throw new VosException(500, "process-exited",
                    "thread " + tid + " of process " + pid + " ended while traced (status 0x" + Integer.toHexString(st) + ")");
        }
        return st;
    }

    /** Runs system call nr with args from rip {@code gadget}; returns raw rax (negative errno). */
    long syscall(long gadget, Regs base, long nr, long... args) {
        Ptrace.setRegs(tid, base.forSyscall(gadget, nr, args));
        int groupStops = 0;
        for (int phase = 0; phase < 2; phase++) {
            Ptrace.syscall(tid, 0);
            int st = waitStop();
            int ev = Ptrace.event(st);
            if (ev == Ptrace.EVENT_STOP && Ptrace.stopSig(st) != Sys.SIGTRAP && ++groupStops < 8) {
                // a job-control stopped process reports its group stop again when restarted: go on
                phase--;
                continue;
            }
            if (ev == Ptrace.EVENT_CLONE || ev == Ptrace.EVENT_FORK || ev == Ptrace.EVENT_VFORK) {
                // an injected clone: the child is auto-attached; the call's exit stop follows
                lastChild = Ptrace.eventMsg(tid);
                phase--;
                continue;
            }
            if (Ptrace.stopSig(st) != SYSCALL_STOP || ev != 0) {
                throw new VosException(500, "inject-failed", "unexpected stop 0x" + Integer.toHexString(st)
                        + " of " + tid + " while injecting syscall " + nr);
            }
        }
        return Ptrace.getRegs(tid).rax();
    }

    /** Like {@link #syscall} but raises a LinuxException naming the call on failure. */
    long check(String name, long gadget, Regs base, long nr, long... args) {
        long r = syscall(gadget, base, nr, args);
        if (r < 0 && r > -4096) {
            throw new LinuxException(name + " in " + tid, (int) -r);
        }
        return r;
    }

    /**
     * Registers as the thread should resume them: a system call interrupted by our stop is
     * restarted by hand, because after injection the kernel's own restart path no longer sees it.
     * {@code sameKernelState}: the thread keeps its restart block (checkpoint with leaveRunning);
     * otherwise (restore) a restart_syscall cannot work and the call returns EINTR.
     */
    static Regs resumable(Regs saved, boolean sameKernelState) {
        Regs r = saved.copy();
        if (r.origRax() >= 0) {
            long rax = r.rax();
            if (rax == -Errno.ERESTARTSYS || rax == -Errno.ERESTARTNOINTR || rax == -Errno.ERESTARTNOHAND) {
                r.r[Regs.RAX] = r.origRax();
                r.r[Regs.RIP] -= 2;
            } else if (rax == -Errno.ERESTART_RESTARTBLOCK) {
                if (sameKernelState) {
                    r.r[Regs.RAX] = Sys.SYS_restart_syscall;
                    r.r[Regs.RIP] -= 2;
                } else {
                    r.r[Regs.RAX] = -Errno.EINTR;
                }
            }
        }
        r.r[Regs.ORIG_RAX] = -1;
        return r;
    }
}
