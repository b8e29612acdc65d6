package org.vos.virt.files.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

import org.vos.api.domain.VosException;
import org.vos.api.virt.Handle;
import org.vos.api.virt.HandleRecord;
import org.vos.api.virt.ProcessAccess;

/** Remote calls and content copies shared by the file virtualizers (x86_64 syscall numbers). */
final class Fds {
    static final int SYS_close = 3, SYS_lseek = 8, SYS_fcntl = 72, SYS_openat = 257, SYS_dup3 = 292,
            SYS_memfd_create = 319;
    static final int O_ACCMODE = 3, O_RDWR = 2, O_CREAT = 0100, O_EXCL = 0200, O_NOCTTY = 0400, O_TRUNC = 01000,
            O_APPEND = 02000, O_CLOEXEC = 02000000, O_TMPFILE = 020200000;
    static final int F_SETFL = 4, F_ADD_SEALS = 1033, F_GET_SEALS = 1034;
    static final long AT_FDCWD = -100;

    private Fds() {
    }

    static long check(ProcessAccess p, int fd, String what, int nr, long... args) {
        long r = p.syscall(nr, args);
        if (r < 0 && r > -4096) {
            throw new VosException(500, "handle-call-failed", "process " + p.hostPid() + " fd " + fd + ": " + what
                    + " failed with errno " + -r);
        }
        return r;
    }

    static HandleRecord record(Handle h, String virtualizer) {
        HandleRecord r = new HandleRecord();
        r.pid = h.pid;
        r.fd = h.fd;
        r.kind = h.kind;
        r.virtualizer = virtualizer;
        r.flags = h.flags;
        r.ino = h.ino;
        r.props.put("pos", Long.toString(h.pos));
        return r;
    }

    static byte[] cstr(String s) {
        return (s + "\0").getBytes(StandardCharsets.UTF_8);
    }

    static Path local(int localFd) {
        return Path.of("/proc/self/fd/" + localFd);
    }

    /** Copies the open file behind the process's {@code fd} into {@code to}; returns its SHA-256 (hex). */
    static String copyOut(ProcessAccess p, int fd, Path to) {
        int l = p.take(fd);
        try (InputStream in = new DigestInputStream(Files.newInputStream(local(l)), sha256());
                OutputStream out = Files.newOutputStream(to)) {
            in.transferTo(out);
            return HexFormat.of().formatHex(((DigestInputStream) in).getMessageDigest().digest());
        } catch (IOException e) {
            throw new VosException(500, "handle-dump-failed", "process " + p.hostPid() + " fd " + fd + ": cannot copy its content: " + e, null, e);
        }
    }

    /** Writes image content into the new file the process holds at {@code fd}. */
    static void copyIn(ProcessAccess p, long fd, Path from, int recFd) {
        int l = p.take((int) fd);
        try (OutputStream out = Files.newOutputStream(local(l), java.nio.file.StandardOpenOption.WRITE)) {
            Files.copy(from, out);
        } catch (IOException e) {
            throw new VosException(500, "handle-restore-failed", "process " + p.hostPid() + " fd " + recFd + ": cannot write its content: " + e, null, e);
        }
    }

    static String sha256(Path file) {
        try (InputStream in = new DigestInputStream(Files.newInputStream(file), sha256())) {
            in.transferTo(OutputStream.nullOutputStream());
            return HexFormat.of().formatHex(((DigestInputStream) in).getMessageDigest().digest());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** dup3 to the record's fd (close-on-exec as recorded), status flags, then the offset. */
    static void place(ProcessAccess p, long tmp, HandleRecord r) {
        place(p, tmp, r, true);
    }

    /**
     * Like {@link #place(ProcessAccess, long, HandleRecord)}; {@code setFlags} false when {@code tmp}
     * was opened with the record's status flags already (saves a remote call per descriptor).
     */
    static void place(ProcessAccess p, long tmp, HandleRecord r, boolean setFlags) {
        boolean cloexec = (r.flags & O_CLOEXEC) != 0;
        if (tmp != r.fd) {
            check(p, r.fd, "dup3", SYS_dup3, tmp, r.fd, cloexec ? O_CLOEXEC : 0);
            p.syscall(SYS_close, tmp);
        } else if (!cloexec) {
            check(p, r.fd, "fcntl(F_SETFD)", SYS_fcntl, r.fd, 2, 0);
        }
        if (setFlags) {
            check(p, r.fd, "fcntl(F_SETFL)", SYS_fcntl, r.fd, F_SETFL, r.flags & ~(O_ACCMODE | O_CLOEXEC));
        }
        long pos = Long.parseLong(r.props.getOrDefault("pos", "0"));
        if (pos != 0) { // also with O_APPEND: reads go from the offset
            check(p, r.fd, "lseek to " + pos, SYS_lseek, r.fd, pos, 0);
        }
    }

    /** Reopens the file the process holds at {@code tmp} through /proc/self/fd with the record's access mode. */
    static long reopen(ProcessAccess p, long tmp, HandleRecord r) {
        int flags = (r.flags & ~(O_CREAT | O_EXCL | O_TRUNC | O_NOCTTY | O_APPEND)) | O_CLOEXEC;
        long a = p.scratch(cstr("/proc/self/fd/" + tmp));
        long fd = check(p, r.fd, "reopen with flags 0" + Integer.toOctalString(flags), SYS_openat, AT_FDCWD, a, flags, 0);
        p.syscall(SYS_close, tmp);
        return fd;
    }

    /** File systems whose files are not plain content (their descriptors belong to other virtualizers). */
    private static final java.util.Set<String> SPECIAL = java.util.Set.of("mqueue", "proc", "sysfs", "cgroup", "cgroup2",
            "bpf", "debugfs", "tracefs", "securityfs", "configfs", "fusectl", "pstore", "efivarfs", "binfmt_misc", "devpts",
            "nsfs", "pidfs", "anon_inodefs", "sockfs", "pipefs");

    /** Whether the open file lives on a file system of plain files (by its mount's type, from fdinfo mnt_id). */
    static boolean plainFileSystem(Handle h) {
        String id = h.fdinfo.getOrDefault("mnt_id", "").trim();
        try {
            for (String l : Files.readAllLines(Path.of("/proc/" + h.pid + "/mountinfo"))) {
                String[] f = l.split(" ");
                if (f[0].equals(id)) {
                    int dash = java.util.Arrays.asList(f).indexOf("-");
                    return dash > 0 && dash + 1 < f.length && !SPECIAL.contains(f[dash + 1]);
                }
            }
        } catch (IOException e) {
            return false;
        }
        return false;
    }

    /**
     * Several open files of one inode (a deleted file or memfd opened twice): the first record of
     * the inode ships the content and makes the file; the others open the very same inode through
     * the first one's /proc link at restore. Returns true when {@code h}'s inode was dumped already.
     */
    static boolean inodeSeen(ProcessAccess p, Handle h, HandleRecord r) {
        String key = "inode-dumped:" + h.ino + ":" + h.target;
        if (p.shared().putIfAbsent(key, Boolean.TRUE) != null) {
            r.props.put("sameInode", "true");
            return true;
        }
        return false;
    }

    /** At restore: the descriptor of an inode restored before, opened again with the record's flags; else -1. */
    static long openSameInode(ProcessAccess p, HandleRecord r, String what) {
        Object first = p.shared().get("inode-restored:" + r.ino + ":" + what);
        if (!"true".equals(r.props.get("sameInode")) || first == null) {
            return -1;
        }
        int flags = (r.flags & ~(O_CREAT | O_EXCL | O_TRUNC | O_NOCTTY)) | O_CLOEXEC;
        return check(p, r.fd, "reopen " + first, SYS_openat, AT_FDCWD, p.scratch(cstr(first.toString())), flags, 0);
    }

    static void restoredInode(ProcessAccess p, HandleRecord r, String what) {
        p.shared().putIfAbsent("inode-restored:" + r.ino + ":" + what, "/proc/" + p.hostPid() + "/fd/" + r.fd);
    }
}
