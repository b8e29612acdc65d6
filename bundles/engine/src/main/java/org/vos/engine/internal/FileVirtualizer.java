package org.vos.engine.internal;

import java.nio.charset.StandardCharsets;
import java.util.Set;

import org.vos.api.domain.VosException;
import org.vos.api.virt.Handle;
import org.vos.api.virt.HandleRecord;
import org.vos.api.virt.HandleVirtualizer;
import org.vos.api.virt.ProcessAccess;
import org.vos.linux.LinuxException;
import org.vos.linux.Sys;

/**
 * Built-in virtualizer for regular files, directories and character devices (/dev/null-like)
 * reopened by path with the same flags and offset. Deleted files, and files whose path does not
 * name the open file (special file systems), are not claimed: bundles/virt-files and others
 * handle deleted files, memfd and host-private files.
 */
public final class FileVirtualizer implements HandleVirtualizer {
    public static final String NAME = "files";
    private static final Set<String> KINDS = Set.of("file", "dir", "chr");
    private static final int O_CREAT = 0100, O_EXCL = 0200, O_NOCTTY = 0400, O_TRUNC = 01000,
            O_APPEND = 02000, O_CLOEXEC = 02000000;
    private static final long AT_FDCWD = -100;

    @Override
    public boolean claims(Handle h) {
        return KINDS.contains(h.kind) && !h.target.endsWith(" (deleted)") && pathNamesIt(h);
    }

    /**
     * Whether the link target, as a path of this host, names the very file that is open (same
     * device and inode). Not so for files on special file systems whose link is relative to their
     * own mount (a POSIX message queue shows as "/NAME"): reopening the path would open something
     * else, so such a descriptor is left to a virtualizer that knows it (or refused).
     */
    static boolean pathNamesIt(Handle h) {
        try {
            java.nio.file.Path open = java.nio.file.Path.of("/proc/" + h.pid + "/fd/" + h.fd);
            java.nio.file.Path named = java.nio.file.Path.of(h.target);
            return java.nio.file.Files.getAttribute(open, "unix:ino").equals(java.nio.file.Files.getAttribute(named, "unix:ino"))
                    && java.nio.file.Files.getAttribute(open, "unix:dev").equals(java.nio.file.Files.getAttribute(named, "unix:dev"));
        } catch (java.io.IOException | RuntimeException e) {
            return false;
        }
    }

    @Override
    public String plan(Handle h) {
        return "reopen " + h.kind + " " + h.target + " at offset " + h.pos;
    }

    @Override
    public HandleRecord dump(ProcessAccess process, Handle h) {
        HandleRecord r = new HandleRecord();
        r.pid = h.pid;
        r.fd = h.fd;
        r.kind = h.kind;
        r.virtualizer = NAME;
        r.flags = h.flags;
        r.props.put("path", h.target);
        r.props.put("pos", Long.toString(h.pos));
        return r;
    }

    @Override
    public void restore(ProcessAccess p, HandleRecord r) {
        String path = r.props.get("path");
        String own = "/proc/" + r.pid + "/";
        if (path.startsWith(own)) {
            // the process's own /proc directory (opened as /proc/self/...): its new pid's
            path = "/proc/" + p.hostPid() + "/" + path.substring(own.length());
        }
        byte[] z = (path + "\0").getBytes(StandardCharsets.UTF_8);
        long addr = p.scratch(z);
        int flags = r.flags & ~(O_CREAT | O_EXCL | O_TRUNC | O_NOCTTY);
        long tmp = p.syscall(Sys.SYS_openat, AT_FDCWD, addr, flags, 0);
        if (tmp < 0) {
            throw new VosException(500, "restore-handle", "fd " + r.fd + ": cannot reopen " + path + ": "
                    + new LinuxException("openat", (int) -tmp).getMessage());
        }
        if (tmp != r.fd) {
            long d = p.syscall(Sys.SYS_dup3, tmp, r.fd, (r.flags & O_CLOEXEC) != 0 ? O_CLOEXEC : 0);
            p.syscall(Sys.SYS_close, tmp);
            if (d < 0) {
                throw new VosException(500, "restore-handle", "fd " + r.fd + ": dup3 failed, errno " + -d);
            }
        }
        if ("file".equals(r.kind) && (r.flags & O_APPEND) == 0) {
            long pos = Long.parseLong(r.props.getOrDefault("pos", "0"));
            long s = p.syscall(Sys.SYS_lseek, r.fd, pos, 0);
            if (s < 0) {
                throw new VosException(500, "restore-handle", "fd " + r.fd + ": lseek to " + pos + " failed, errno " + -s);
            }
        }
    }
}
