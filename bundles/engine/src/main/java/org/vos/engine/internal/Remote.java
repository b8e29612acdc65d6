package org.vos.engine.internal;

import org.vos.api.domain.VosException;
import org.vos.api.virt.ProcessAccess;
import org.vos.linux.Regs;

/**
 * A stopped process as remote-call target: one of its threads, a {@code syscall} instruction to
 * run from and a scratch area for arguments. Handed to virtualizers as {@link ProcessAccess}.
 */
final class Remote implements ProcessAccess {
    final Tracee thread;
    final ProcMem mem;
    final Regs base;
    long gadget;
    long scratchStart;
    int scratchSize;
    private int used;

    Remote(Tracee thread, ProcMem mem, Regs base, long gadget) {
        this.thread = thread;
        this.mem = mem;
        this.base = base;
        this.gadget = gadget;
    }

    void scratchArea(long start, int size) {
        this.scratchStart = start;
        this.scratchSize = size;
        this.used = 0;
    }

    /** Forgets earlier scratch allocations. */
    void resetScratch() {
        used = 0;
    }

    @Override
    public long hostPid() {
        return thread.pid;
    }

    @Override
    public long syscall(int nr, long... args) {
        return thread.syscall(gadget, base, nr, args);
    }

    long check(String name, int nr, long... args) {
        return thread.check(name, gadget, base, nr, args);
    }

    @Override
    public long scratch(byte[] data) {
        int aligned = (data.length + 15) & ~15;
        if (scratchSize == 0 || used + aligned > scratchSize) {
            throw new VosException(500, "scratch-full", "no scratch memory left in process " + thread.pid);
        }
        long addr = scratchStart + used;
        used += aligned;
        mem.write(addr, data);
        return addr;
    }

    /** Reserves {@code len} zeroed scratch bytes (for out-parameters). */
    long scratchZero(int len) {
        return scratch(new byte[len]);
    }

    @Override
    public byte[] read(long address, int length) {
        return mem.read(address, length);
    }

    @Override
    public void write(long address, byte[] data) {
        mem.write(address, data);
    }
}
