package org.vos.virt.kernel.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.vos.api.domain.VosException;
import org.vos.api.virt.Handle;
import org.vos.api.virt.HandleRecord;
import org.vos.api.virt.ProcessAccess;

/** Remote system calls and record helpers shared by the kernel object virtualizers (x86_64 numbers). */
final class Calls {
    static final int SYS_read = 0, SYS_write = 1, SYS_close = 3, SYS_ioctl = 16, SYS_fcntl = 72,
            SYS_epoll_ctl = 233, SYS_inotify_add_watch = 254, SYS_openat = 257, SYS_readlinkat = 267,
            SYS_tee = 276, SYS_timerfd_create = 283, SYS_timerfd_settime = 286, SYS_signalfd4 = 289,
            SYS_eventfd2 = 290, SYS_epoll_create1 = 291, SYS_dup3 = 292, SYS_pipe2 = 293,
            SYS_inotify_init1 = 294, SYS_open_by_handle_at = 304;
    static final int O_ACCMODE = 3, O_WRONLY = 1, O_RDWR = 2, O_NONBLOCK = 04000, O_CLOEXEC = 02000000,
            O_PATH = 010000000;
    static final int F_SETFD = 2, F_GETFL = 3, F_SETFL = 4, F_SETPIPE_SZ = 1031, F_GETPIPE_SZ = 1032;
    static final long AT_FDCWD = -100;

    private Calls() {
    }

    /** Runs a call in the process; a failure names the process, fd and call. */
    static long check(ProcessAccess p, int fd, String what, int nr, long... args) {
        long r = p.syscall(nr, args);
        if (r < 0 && r > -4096) {
            throw new VosException(500, "handle-call-failed", "process " + p.hostPid() + " fd " + fd + ": " + what
                    + " failed with errno " + -r);
        }
        return r;
    }

    /** Moves a freshly made descriptor to {@code fd} with the record's close-on-exec flag. */
    static void moveTo(ProcessAccess p, long tmp, HandleRecord r) {
        boolean cloexec = (r.flags & O_CLOEXEC) != 0;
        if (tmp != r.fd) {
            check(p, r.fd, "dup3", SYS_dup3, tmp, r.fd, cloexec ? O_CLOEXEC : 0);
            p.syscall(SYS_close, tmp);
        } else {
            check(p, r.fd, "fcntl(F_SETFD)", SYS_fcntl, r.fd, F_SETFD, cloexec ? 1 : 0);
        }
    }

    static HandleRecord record(Handle h, String virtualizer) {
        HandleRecord r = new HandleRecord();
        r.pid = h.pid;
        r.fd = h.fd;
        r.kind = h.kind;
        r.virtualizer = virtualizer;
        r.flags = h.flags;
        r.ino = h.ino;
        return r;
    }

    /** Every line of /proc/PID/fdinfo/FD (repeated keys such as epoll's tfd kept). */
    static List<String> fdinfo(Handle h) {
        try {
            return Files.readAllLines(Path.of("/proc/" + h.pid + "/fdinfo/" + h.fd));
        } catch (IOException e) {
            throw new VosException(500, "handle-read-failed", "process " + h.pid + " fd " + h.fd + ": cannot read fdinfo: " + e);
        }
    }

    static long[] pair(String s) {
        // "(12, 345)"
        String[] f = s.replace("(", "").replace(")", "").split(",");
        return new long[] {Long.parseLong(f[0].trim()), Long.parseLong(f[1].trim())};
    }

    static String field(String line, String key) {
        int i = line.indexOf(key + ":");
        if (i < 0) {
            return null;
        }
        String rest = line.substring(i + key.length() + 1).trim();
        int sp = rest.indexOf(' ');
        return sp < 0 ? rest : rest.substring(0, sp);
    }

    static byte[] cstr(String s) {
        return (s + "\0").getBytes(StandardCharsets.UTF_8);
    }

    static ByteBuffer le(int n) {
        return ByteBuffer.allocate(n).order(ByteOrder.LITTLE_ENDIAN);
    }

    static long readLong(ProcessAccess p, long addr) {
        return ByteBuffer.wrap(p.read(addr, 8)).order(ByteOrder.LITTLE_ENDIAN).getLong();
    }

    static int[] readInts(ProcessAccess p, long addr, int n) {
        ByteBuffer b = ByteBuffer.wrap(p.read(addr, 4 * n)).order(ByteOrder.LITTLE_ENDIAN);
        int[] out = new int[n];
        for (int i = 0; i < n; i++) {
            out[i] = b.getInt();
        }
        return out;
    }

    static List<String> lines(List<String> all, String prefix) {
        List<String> out = new ArrayList<>();
        for (String l : all) {
            if (l.startsWith(prefix)) {
                out.add(l);
            }
        }
        return out;
    }
}
