package org.vos.engine.internal;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;

import org.vos.api.domain.VosException;
import org.vos.api.virt.ProcessAccess;
import org.vos.linux.Regs;
import org.vos.linux.Sys;

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
    /** The checkpoint or restore this access belongs to (descriptor calls only), image pid, current fd. */
    HandleSession session;
    long nsPid;
    int currentFd = -1;
    /** A descriptor number no record of the process uses: where {@link #install} keeps its socket. */
    int spareFd = -1;
    private long installSocket = -1;
    private String installName;

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
    @Override
    public void resetScratch() {
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

    private HandleSession session() {
        if (session == null) {
            throw new IllegalStateException("no descriptor operation in progress for process " + thread.pid);
        }
        return session;
    }

    @Override
    public int take(int fd) {
        return session().take(thread.pid, fd);
    }

    /**
     * SCM_RIGHTS into the stopped process: it binds a datagram socket to an abstract name (once per
     * process restore, kept at {@link #spareFd}, a number no record uses), the executive sends the
     * descriptor there, the process receives it with recvmsg and moves it to {@code fd}.
     */
    @Override
    public void install(int localFd, int fd, boolean closeOnExec) {
        if (installSocket < 0) {
            openInstallSocket();
        }
        Sys.sendFd(installName, localFd);
        long data = scratchZero(8);
        long iov = scratch(Restorer.bytes(new long[] {data, 1}));
        long ctl = scratchZero(24);
        long msg = scratch(Restorer.bytes(new long[] {0, 0, iov, 1, ctl, 24, 0}));
        check("recvmsg for fd " + fd, SYS_recvmsg, installSocket, msg, MSG_DONTWAIT | MSG_CMSG_CLOEXEC);
        ByteBuffer c = ByteBuffer.wrap(read(ctl, 24)).order(ByteOrder.LITTLE_ENDIAN);
        if (c.getLong(0) != 20 || c.getInt(8) != 1 || c.getInt(12) != 1) {
            throw new VosException(500, "install-failed", "process " + thread.pid + " fd " + fd + ": no descriptor arrived");
        }
        int got = c.getInt(16);
        if (got != fd) {
            check("dup3 to fd " + fd, Sys.SYS_dup3, got, fd, closeOnExec ? O_CLOEXEC : 0);
            syscall(Sys.SYS_close, got);
        } else if (!closeOnExec) {
            check("fcntl(F_SETFD) fd " + fd, Sys.SYS_fcntl, fd, 2, 0);
        }
    }

    private void openInstallSocket() {
        String name = "vos-install-" + ProcessHandle.current().pid() + "-" + thread.pid + "-" + System.nanoTime();
        byte[] nb = name.getBytes(StandardCharsets.UTF_8);
        ByteBuffer sa = ByteBuffer.allocate(110).order(ByteOrder.LITTLE_ENDIAN);
        sa.putShort((short) 1).put((byte) 0).put(nb);
        long s = check("socket(AF_UNIX) for descriptors", SYS_socket, 1, 2 | O_CLOEXEC, 0);
        try {
            check("bind @" + name, SYS_bind, s, scratch(sa.array()), 3 + nb.length);
            if (spareFd >= 0 && s != spareFd) {
                check("dup3 socket to fd " + spareFd, Sys.SYS_dup3, s, spareFd, O_CLOEXEC);
                syscall(Sys.SYS_close, s);
                s = spareFd;
            }
        } catch (RuntimeException e) {
            syscall(Sys.SYS_close, s);
            throw e;
        }
        installSocket = s;
        installName = name;
    }

    /** Closes the socket {@link #install} received descriptors on (end of the process's descriptors). */
    void closeInstallSocket() {
        if (installSocket >= 0) {
            syscall(Sys.SYS_close, installSocket);
            installSocket = -1;
        }
    }

    @Override
    public Path imageFile(String name) {
        return session().imageFile(nsPid, currentFd, name);
    }

    @Override
    public Map<String, Object> shared() {
        return session().shared;
    }

    @Override
    public Set<Long> tree() {
        return session().tree;
    }

    private static final int SYS_socket = 41, SYS_recvmsg = 47, SYS_bind = 49;
    private static final int O_CLOEXEC = 02000000, MSG_DONTWAIT = 0x40, MSG_CMSG_CLOEXEC = 0x40000000;
}
