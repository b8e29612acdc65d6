package org.vos.virt.kernel.internal;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Pattern;

import org.osgi.service.component.annotations.Component;
import org.vos.api.domain.VosException;
import org.vos.api.virt.Handle;
import org.vos.api.virt.HandleRecord;
import org.vos.api.virt.HandleVirtualizer;
import org.vos.api.virt.ProcessAccess;

/**
 * POSIX message queues: name, attributes (max messages, message size, O_NONBLOCK), mode, and the
 * queued messages with their priorities, read at dump through a second descriptor of the queue
 * and sent back in the same order (nothing lost for a process left running). Restore: a queue
 * still linked under its name on this host is reopened as it is (it is a host object, shared with
 * whoever else uses it); a missing one is created with the attributes and refilled; an unlinked
 * one is created under a fresh name, refilled and unlinked again. mq_notify registrations are not
 * kept.
 */
@Component(service = HandleVirtualizer.class, property = {HandleVirtualizer.NAME + "=" + MqueueVirtualizer.NAME,
    HandleVirtualizer.KINDS + "=file"})
public final class MqueueVirtualizer implements HandleVirtualizer {
    public static final String NAME = "kernel.mqueue";
    private static final int SYS_mmap = 9, SYS_munmap = 11, SYS_fstatfs = 138, SYS_mq_open = 240, SYS_mq_unlink = 241,
            SYS_mq_timedsend = 242, SYS_mq_timedreceive = 243, SYS_mq_getsetattr = 245;
    private static final long MQUEUE_MAGIC = 0x19800202L;
    private static final int O_CREAT = 0100, O_EXCL = 0200;
    private static final Pattern QUEUE = Pattern.compile("^/[^/]+$");
    private static final String DELETED = " (deleted)";

    @Override
    public boolean claims(Handle h) {
        if (!"file".equals(h.kind) || h.target.startsWith("/memfd:") || h.target.startsWith("/SYSV")) {
            return false;
        }
        String name = h.target.endsWith(DELETED) ? h.target.substring(0, h.target.length() - DELETED.length()) : h.target;
        // a queue's link is "/NAME" of the internal mqueue mount, which no mount table lists
        return QUEUE.matcher(name).matches() && !mounted(h);
    }

    private static boolean mounted(Handle h) {
        String id = h.fdinfo.getOrDefault("mnt_id", "").trim();
        try {
            for (String l : Files.readAllLines(Path.of("/proc/" + h.pid + "/mountinfo"))) {
                if (l.startsWith(id + " ")) {
                    return !l.contains(" - mqueue ");
                }
            }
        } catch (IOException e) {
            return true;
        }
        return false;
    }

    @Override
    public String plan(Handle h) {
        return "message queue " + h.target + " with its messages";
    }

    @Override
    public HandleRecord dump(ProcessAccess p, Handle h) {
        long st = p.scratch(new byte[128]);
        Calls.check(p, h.fd, "fstatfs", SYS_fstatfs, h.fd, st);
        if (Calls.readLong(p, st) != MQUEUE_MAGIC) {
            throw new VosException(422, "unsupported-handle", "process " + h.pid + " fd " + h.fd + " (" + h.target
                    + ") is on no file system vos knows and is no message queue");
        }
        long attr = p.scratch(new byte[64]);
        Calls.check(p, h.fd, "mq_getsetattr", SYS_mq_getsetattr, h.fd, 0, attr);
        ByteBuffer a = ByteBuffer.wrap(p.read(attr, 32)).order(ByteOrder.LITTLE_ENDIAN);
        long flags = a.getLong(), maxmsg = a.getLong(), msgsize = a.getLong(), cur = a.getLong();
        HandleRecord r = Calls.record(h, NAME);
        boolean deleted = h.target.endsWith(DELETED);
        r.props.put("name", deleted ? h.target.substring(0, h.target.length() - DELETED.length()) : h.target);
        r.props.put("linked", Boolean.toString(!deleted));
        r.props.put("maxmsg", Long.toString(maxmsg));
        r.props.put("msgsize", Long.toString(msgsize));
        r.props.put("nonblock", Boolean.toString((flags & Calls.O_NONBLOCK) != 0));
        try {
            r.props.put("mode", Integer.toOctalString((Integer) Files.getAttribute(Path.of("/proc/" + h.pid + "/fd/" + h.fd), "unix:mode") & 0777));
        } catch (IOException e) {
            r.props.put("mode", "600");
        }
        r.props.put("messages", Long.toString(cur));
        if (cur > 0) {
            byte[] msgs = drainAndPutBack(p, h.fd, (int) cur, (int) msgsize);
            try {
                Files.write(p.imageFile("messages"), msgs);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return r;
    }

    /** Receives every message through a read-write reopen of the queue, then sends them back in order. */
    private static byte[] drainAndPutBack(ProcessAccess p, int fd, int count, int msgsize) {
        long rw = Calls.check(p, fd, "reopen queue", Calls.SYS_openat, Calls.AT_FDCWD, p.scratch(Calls.cstr("/proc/self/fd/" + fd)),
                Calls.O_RDWR | Calls.O_CLOEXEC, 0);
        long len = (msgsize + 4095L) & ~4095L;
        long buf = Calls.check(p, fd, "mmap message buffer", SYS_mmap, 0, len, 3, 0x22, -1, 0);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            long prio = p.scratch(new byte[8]);
            long zero = p.scratch(new byte[16]);
            java.util.List<byte[]> got = new java.util.ArrayList<>();
            java.util.List<Integer> prios = new java.util.ArrayList<>();
            for (int i = 0; i < count; i++) {
                long n = Calls.check(p, fd, "mq_timedreceive", SYS_mq_timedreceive, rw, buf, msgsize, prio, zero);
                got.add(p.read(buf, (int) n));
                prios.add((int) Calls.readLong(p, prio));
            }
            for (int i = 0; i < got.size(); i++) {
                byte[] m = got.get(i);
                if (m.length > 0) {
                    p.write(buf, m);
                }
                Calls.check(p, fd, "mq_timedsend", SYS_mq_timedsend, rw, buf, m.length, prios.get(i), zero);
                out.writeBytes(Calls.le(8).putInt(prios.get(i)).putInt(m.length).array());
                out.writeBytes(m);
            }
        } finally {
            p.syscall(SYS_munmap, buf, len);
            p.syscall(Calls.SYS_close, rw);
        }
        return out.toByteArray();
    }

    @Override
    public void restore(ProcessAccess p, HandleRecord r) {
        String name = r.props.get("name");
        boolean linked = Boolean.parseBoolean(r.props.get("linked"));
        int acc = (r.flags & Calls.O_ACCMODE) | Calls.O_CLOEXEC | ("true".equals(r.props.get("nonblock")) ? Calls.O_NONBLOCK : 0);
        if (linked) {
            long q = p.syscall(SYS_mq_open, p.scratch(Calls.cstr(name.substring(1))), acc, 0, 0);
            if (q >= 0) {
                Calls.moveTo(p, q, r); // the queue lives on under its name: taken as it is
                return;
            }
        }
        String made = linked ? name : "/vos-mq-" + p.hostPid() + "-" + System.nanoTime();
        long attr = p.scratch(Calls.le(64).putLong(0).putLong(Long.parseLong(r.props.get("maxmsg")))
                .putLong(Long.parseLong(r.props.get("msgsize"))).putLong(0).array());
        long nm = p.scratch(Calls.cstr(made.substring(1)));
        long rw = Calls.check(p, r.fd, "mq_open(O_CREAT) " + made, SYS_mq_open, nm, O_CREAT | O_EXCL | Calls.O_RDWR | Calls.O_CLOEXEC,
                Integer.parseInt(r.props.getOrDefault("mode", "600"), 8), attr);
        long q;
        try {
            refill(p, r, rw);
            q = Calls.check(p, r.fd, "mq_open " + made, SYS_mq_open, nm, acc, 0, 0);
        } finally {
            // before moving q: rw may sit at r.fd itself
            p.syscall(Calls.SYS_close, rw);
            if (!linked) {
                p.syscall(SYS_mq_unlink, nm);
            }
        }
        Calls.moveTo(p, q, r);
    }

    private static void refill(ProcessAccess p, HandleRecord r, long rw) {
        if (Long.parseLong(r.props.getOrDefault("messages", "0")) == 0) {
            return;
        }
        ByteBuffer b;
        try {
            b = ByteBuffer.wrap(Files.readAllBytes(p.imageFile("messages"))).order(ByteOrder.LITTLE_ENDIAN);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        long msgsize = Long.parseLong(r.props.get("msgsize"));
        long len = (msgsize + 4095L) & ~4095L;
        long buf = Calls.check(p, r.fd, "mmap message buffer", SYS_mmap, 0, len, 3, 0x22, -1, 0);
        try {
            long zero = p.scratch(new byte[16]);
            while (b.remaining() >= 8) {
                int prio = b.getInt();
                byte[] m = new byte[b.getInt()];
                b.get(m);
                if (m.length > 0) {
                    p.write(buf, m);
                }
                Calls.check(p, r.fd, "mq_timedsend", SYS_mq_timedsend, rw, buf, m.length, prio, zero);
            }
        } finally {
            p.syscall(SYS_munmap, buf, len);
        }
    }
}
