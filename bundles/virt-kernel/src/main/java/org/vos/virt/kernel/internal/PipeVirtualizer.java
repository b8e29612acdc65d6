package org.vos.virt.kernel.internal;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

import org.osgi.service.component.annotations.Component;
import org.vos.api.domain.VosException;
import org.vos.api.virt.Handle;
import org.vos.api.virt.HandleRecord;
import org.vos.api.virt.HandleVirtualizer;
import org.vos.api.virt.ProcessAccess;

/**
 * Pipes and FIFOs with their unread data. Dump: the unread bytes are copied without consuming them
 * (tee into a scratch pipe inside the frozen process), so a process left running loses nothing;
 * a pipe end held by a process outside the checkpointed tree is refused, naming both. Restore:
 * the first end restored creates the pipe (pipe2 in that process; both ends are then held by the
 * executive), the other end, in whichever process of the tree, receives the same pipe, and the
 * data is written back before anything runs. A pipe whose other end no process kept stays
 * without it (readers see EOF after the data, writers EPIPE).
 */
@Component(service = HandleVirtualizer.class, property = {HandleVirtualizer.NAME + "=" + PipeVirtualizer.NAME,
    HandleVirtualizer.KINDS + "=pipe", HandleVirtualizer.KINDS + "=fifo"})
public final class PipeVirtualizer implements HandleVirtualizer {
    public static final String NAME = "kernel.pipe";
    private static final int SPLICE_F_NONBLOCK = 2, CHUNK = 3072;

    /** Both ends of a restored pipe, held by the executive until the restore ends. */
    private static final class Ends implements AutoCloseable {
        int read = -1;
        int write = -1;
        FileChannel fifo;
        boolean filled;

        @Override
        public void close() throws IOException {
            if (fifo != null) {
                fifo.close();
            }
        }
    }

    @Override
    public boolean claims(Handle h) {
        return "pipe".equals(h.kind) || "fifo".equals(h.kind);
    }

    @Override
    public String plan(Handle h) {
        return "pipe " + h.target + ((h.flags & Calls.O_ACCMODE) == Calls.O_WRONLY ? " write end" : " read end, with unread data");
    }

    @Override
    public HandleRecord dump(ProcessAccess p, Handle h) {
        if ("pipe".equals(h.kind)) {
            Holders.refuseOutside(p, h);
        }
        HandleRecord r = Calls.record(h, NAME);
        if ("fifo".equals(h.kind)) {
            r.props.put("path", h.target);
        }
        long size = Calls.check(p, h.fd, "fcntl(F_GETPIPE_SZ)", Calls.SYS_fcntl, h.fd, Calls.F_GETPIPE_SZ);
        r.props.put("pipeSize", Long.toString(size));
        String key = "pipe-data:" + h.ino;
        if ((h.flags & Calls.O_ACCMODE) != Calls.O_WRONLY && !p.shared().containsKey(key)) {
            byte[] data = unread(p, h.fd, size);
            p.shared().put(key, Boolean.TRUE);
            r.props.put("data", Integer.toString(data.length));
            if (data.length > 0) {
                try {
                    Files.write(p.imageFile("data"), data);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        }
        return r;
    }

    /** The bytes waiting in the pipe, copied with tee into a scratch pipe and read from there. */
    private static byte[] unread(ProcessAccess p, int fd, long size) {
        long fds = p.scratch(new byte[8]);
        Calls.check(p, fd, "pipe2", Calls.SYS_pipe2, fds, Calls.O_CLOEXEC | Calls.O_NONBLOCK);
        int[] t = Calls.readInts(p, fds, 2);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            Calls.check(p, fd, "fcntl(F_SETPIPE_SZ)", Calls.SYS_fcntl, t[1], Calls.F_SETPIPE_SZ, size);
            long n = p.syscall(Calls.SYS_tee, fd, t[1], size, SPLICE_F_NONBLOCK);
            if (n == -11) {
                n = 0; // EAGAIN: empty
            } else if (n < 0) {
                throw new VosException(500, "handle-call-failed", "process " + p.hostPid() + " fd " + fd + ": tee failed with errno " + -n);
            }
            while (out.size() < n) {
                p.resetScratch();
                long buf = p.scratch(new byte[CHUNK]);
                long k = Calls.check(p, fd, "read unread data", Calls.SYS_read, t[0], buf, Math.min(CHUNK, n - out.size()));
                if (k == 0) {
                    break;
                }
                out.write(p.read(buf, (int) k), 0, (int) k);
            }
        } finally {
            p.syscall(Calls.SYS_close, t[0]);
            p.syscall(Calls.SYS_close, t[1]);
        }
        return out.toByteArray();
    }

    @Override
    public void restore(ProcessAccess p, HandleRecord r) {
        Ends ends = (Ends) p.shared().computeIfAbsent("pipe:" + r.ino + ":" + r.kind, k -> new Ends());
        boolean writeEnd = (r.flags & Calls.O_ACCMODE) == Calls.O_WRONLY;
        if ("fifo".equals(r.kind)) {
            restoreFifo(p, r, ends);
        } else {
            if (ends.read < 0) {
                create(p, r, ends);
            }
            p.install(writeEnd ? ends.write : ends.read, r.fd, (r.flags & Calls.O_CLOEXEC) != 0);
        }
        // status flags (O_NONBLOCK) belong to this open file
        Calls.check(p, r.fd, "fcntl(F_SETFL)", Calls.SYS_fcntl, r.fd, Calls.F_SETFL, r.flags & ~(Calls.O_ACCMODE | Calls.O_CLOEXEC));
        if (r.props.containsKey("data") && !ends.filled) {
            refill(p, r, ends);
        }
    }

    private static void create(ProcessAccess p, HandleRecord r, Ends ends) {
        long fds = p.scratch(new byte[8]);
        Calls.check(p, r.fd, "pipe2", Calls.SYS_pipe2, fds, Calls.O_CLOEXEC);
        int[] t = Calls.readInts(p, fds, 2);
        try {
            long size = Long.parseLong(r.props.getOrDefault("pipeSize", "65536"));
            Calls.check(p, r.fd, "fcntl(F_SETPIPE_SZ " + size + ")", Calls.SYS_fcntl, t[1], Calls.F_SETPIPE_SZ, size);
            ends.read = p.take(t[0]);
            ends.write = p.take(t[1]);
        } finally {
            p.syscall(Calls.SYS_close, t[0]);
            p.syscall(Calls.SYS_close, t[1]);
        }
    }

    /** A FIFO is reopened by path; the executive holds it open read-write so no open blocks and no data is lost. */
    private static void restoreFifo(ProcessAccess p, HandleRecord r, Ends ends) {
        String path = r.props.get("path");
        if (ends.fifo == null) {
            try {
                ends.fifo = FileChannel.open(Path.of(path), StandardOpenOption.READ, StandardOpenOption.WRITE);
            } catch (IOException e) {
                throw new VosException(422, "handle-missing", "process " + p.hostPid() + " fd " + r.fd + ": FIFO " + path
                        + " cannot be opened on this host: " + e.getMessage());
            }
        }
        long a = p.scratch(Calls.cstr(path));
        long fd = Calls.check(p, r.fd, "open FIFO " + path, Calls.SYS_openat, Calls.AT_FDCWD, a,
                (r.flags & Calls.O_ACCMODE) | Calls.O_NONBLOCK | Calls.O_CLOEXEC, 0);
        Calls.moveTo(p, fd, r);
        long size = Long.parseLong(r.props.getOrDefault("pipeSize", "65536"));
        Calls.check(p, r.fd, "fcntl(F_SETPIPE_SZ " + size + ")", Calls.SYS_fcntl, r.fd, Calls.F_SETPIPE_SZ, size);
    }

    private static void refill(ProcessAccess p, HandleRecord r, Ends ends) {
        ends.filled = true;
        if (Integer.parseInt(r.props.get("data")) == 0) {
            return;
        }
        try {
            byte[] data = Files.readAllBytes(p.imageFile("data"));
            if (ends.fifo != null) {
                ends.fifo.write(ByteBuffer.wrap(data));
            } else {
                try (FileChannel w = FileChannel.open(Path.of("/proc/self/fd/" + ends.write), StandardOpenOption.WRITE)) {
                    ByteBuffer b = ByteBuffer.wrap(data);
                    while (b.hasRemaining()) {
                        w.write(b);
                    }
                }
            }
        } catch (IOException e) {
            throw new VosException(500, "handle-restore-failed", "process " + p.hostPid() + " fd " + r.fd
                    + ": cannot refill " + r.props.get("data") + " unread bytes: " + e, null, e);
        }
    }
}
