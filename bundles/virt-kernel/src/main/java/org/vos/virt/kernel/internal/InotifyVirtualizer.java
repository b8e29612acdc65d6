package org.vos.virt.kernel.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

import org.osgi.service.component.annotations.Component;
import org.vos.api.domain.VosException;
import org.vos.api.virt.Handle;
import org.vos.api.virt.HandleRecord;
import org.vos.api.virt.HandleVirtualizer;
import org.vos.api.virt.ProcessAccess;

/**
 * inotify: each watch (fdinfo "inotify wd: ino: sdev: mask: ... f_handle:") is turned into a path
 * at dump (open_by_handle_at inside the frozen process, then its /proc/self/fd link) and added again
 * at restore, by path, with the same mask; watch descriptors must come back with the same numbers
 * (they do when the process never removed a watch). Queued, unread events are not kept.
 */
@Component(service = HandleVirtualizer.class, property = {HandleVirtualizer.NAME + "=" + InotifyVirtualizer.NAME,
    HandleVirtualizer.KINDS + "=anon:inotify"})
public final class InotifyVirtualizer implements HandleVirtualizer {
    public static final String NAME = "kernel.inotify";
    private static final int O_DIRECTORY = 0200000;

    @Override
    public boolean claims(Handle h) {
        return "anon:inotify".equals(h.kind);
    }

    @Override
    public HandleRecord dump(ProcessAccess p, Handle h) {
        HandleRecord r = Calls.record(h, NAME);
        List<String> watches = new ArrayList<>();
        for (String l : Calls.lines(Calls.fdinfo(h), "inotify wd:")) {
            int wd = Integer.parseInt(Calls.field(l, "wd"));
            long mask = Long.parseLong(Calls.field(l, "mask"), 16);
            String path = path(p, h, l);
            watches.add(wd + " " + Long.toHexString(mask) + " " + HexFormat.of().formatHex(path.getBytes(StandardCharsets.UTF_8)));
        }
        r.props.put("watches", String.join(",", watches));
        return r;
    }

    /** The path of a watched inode, from its file handle, resolved inside the process. */
    private static String path(ProcessAccess p, Handle h, String line) {
        long sdev = Long.parseLong(Calls.field(line, "sdev"), 16);
        String devNo = (sdev >>> 20) + ":" + (sdev & 0xfffff);
        int bytes = Integer.parseInt(Calls.field(line, "fhandle-bytes"), 16);
        int type = Integer.parseInt(Calls.field(line, "fhandle-type"), 16);
        byte[] handle = HexFormat.of().parseHex(Calls.field(line, "f_handle"));
        @SuppressWarnings("unchecked")
        java.util.Map<String, String> mounts = (java.util.Map<String, String>) p.shared().computeIfAbsent("mounts:" + h.pid, k -> mounts(h.pid));
        String mount = mounts.get(devNo);
        if (mount == null) {
            throw new VosException(422, "unsupported-handle", "process " + h.pid + " fd " + h.fd + ": inotify watch on device "
                    + devNo + " whose mount is not visible");
        }
        p.resetScratch();
        long m = Calls.check(p, h.fd, "open mount " + mount, Calls.SYS_openat, Calls.AT_FDCWD, p.scratch(Calls.cstr(mount)),
                O_DIRECTORY | Calls.O_CLOEXEC, 0); // open_by_handle_at refuses an O_PATH mount fd
        try {
            byte[] fh = Calls.le(8 + bytes).putInt(bytes).putInt(type).put(handle, 0, bytes).array();
            long f = Calls.check(p, h.fd, "open_by_handle_at (inotify watch)", Calls.SYS_open_by_handle_at, m, p.scratch(fh),
                    Calls.O_PATH | Calls.O_CLOEXEC);
            try {
                long link = p.scratch(Calls.cstr("/proc/self/fd/" + f));
                long buf = p.scratch(new byte[1024]);
                long n = Calls.check(p, h.fd, "readlink", Calls.SYS_readlinkat, Calls.AT_FDCWD, link, buf, 1024);
                return new String(p.read(buf, (int) n), StandardCharsets.UTF_8);
            } finally {
                p.syscall(Calls.SYS_close, f);
            }
        } finally {
            p.syscall(Calls.SYS_close, m);
        }
    }

    /** Device number ("major:minor") → first mount point of it, from /proc/PID/mountinfo (read once per checkpoint). */
    private static java.util.Map<String, String> mounts(long pid) {
        java.util.Map<String, String> out = new java.util.HashMap<>();
        try {
            for (String l : Files.readAllLines(Path.of("/proc/" + pid + "/mountinfo"))) {
                String[] f = l.split(" ");
                out.putIfAbsent(f[2], f[4].replace("\\040", " "));
            }
        } catch (IOException e) {
            // no mounts known: watches are refused with their device named
        }
        return out;
    }

    @Override
    public void restore(ProcessAccess p, HandleRecord r) {
        long fd = Calls.check(p, r.fd, "inotify_init1", Calls.SYS_inotify_init1, Calls.O_CLOEXEC | (r.flags & Calls.O_NONBLOCK));
        String w = r.props.getOrDefault("watches", "");
        for (String e : w.isEmpty() ? new String[0] : w.split(",")) {
            String[] f = e.split(" ");
            int wd = Integer.parseInt(f[0]);
            long mask = Long.parseLong(f[1], 16);
            String path = new String(HexFormat.of().parseHex(f[2]), StandardCharsets.UTF_8);
            p.resetScratch();
            long got = p.syscall(Calls.SYS_inotify_add_watch, fd, p.scratch(Calls.cstr(path)), mask);
            if (got != wd) {
                p.syscall(Calls.SYS_close, fd);
                throw new VosException(422, "handle-restore-failed", "process " + p.hostPid() + " fd " + r.fd
                        + " (inotify): watch " + wd + " on " + path + " came back as " + got + (got < 0 ? " (errno " + -got + ")" : ""));
            }
        }
        Calls.moveTo(p, fd, r);
    }
}
