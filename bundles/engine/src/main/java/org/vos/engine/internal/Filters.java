package org.vos.engine.internal;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

import org.vos.api.domain.VosException;
import org.vos.api.hook.Interception;
import org.vos.linux.LinuxException;
import org.vos.linux.Ptrace;
import org.vos.linux.ProcFs;
import org.vos.linux.Regs;
import org.vos.linux.Seccomp;
import org.vos.linux.Sys;

/**
 * Installs an interceptor's seccomp filter from outside (docs/interception.md): in a tracee at
 * execve's syscall-exit stop, the BPF program is written below the stack pointer,
 * {@code seccomp(SET_MODE_FILTER, NEW_LISTENER)} is injected, the listener is taken with
 * pidfd_getfd and the tracee's copy is closed; registers and signal mask are put back.
 */
final class Filters {
    private Filters() {
    }

    static void install(Tracee t, ProcFs proc, Interception ic) {
        byte[] prog = ic.program();
        if (prog.length == 0 || prog.length % 8 != 0) {
            throw new VosException(500, "bad-filter", "the interceptor gave a BPF program of " + prog.length + " bytes");
        }
        long pid = t.pid;
        Regs base = Ptrace.getRegs(t.tid);
        long mask = Ptrace.getSigmask(t.tid);
        Ptrace.setSigmask(t.tid, ~0L);
        int local = -1;
        boolean attached = false;
        try (ProcMem mem = new ProcMem(pid, true)) {
            long gadget = Gadget.find(mem, proc.maps(pid), pid);
            long at = (base.rsp() - 512 - prog.length - 16) & ~15L;
            ByteBuffer fprog = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN);
            fprog.putShort(0, (short) (prog.length / 8));
            fprog.putLong(8, at + 16);
            mem.write(at, fprog.array());
            mem.write(at + 16, prog);
            long fd = t.check("seccomp(SET_MODE_FILTER, NEW_LISTENER)", gadget, base, Seccomp.SYS_seccomp,
                    Seccomp.SET_MODE_FILTER, Seccomp.FILTER_FLAG_NEW_LISTENER, at);
            int pidfd = Sys.pidfdOpen(pid);
            try {
                local = Sys.pidfdGetfd(pidfd, (int) fd);
            } finally {
                Sys.close(pidfd);
            }
            // served from now on: an injected call the filter names (close, ...) is let through
            ic.attached(pid, local);
            attached = true;
            // while the tracee's copy lives, closing ours would not release pending calls
            t.check("close(listener " + fd + ")", gadget, base, Sys.SYS_close, fd);
            mem.write(at, new byte[prog.length + 16]);
        } catch (RuntimeException e) {
            if (local >= 0 && !attached) {
                closeQuietly(local);
            }
            ic.abandoned(e.getMessage());
            throw e;
        } finally {
            Ptrace.setRegs(t.tid, base);
            Ptrace.setSigmask(t.tid, mask);
        }
    }

    private static void closeQuietly(int fd) {
        try {
            Sys.close(fd);
        } catch (LinuxException e) {
            // nothing more to do
        }
    }
}
