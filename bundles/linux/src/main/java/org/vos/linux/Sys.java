package org.vos.linux;

import java.util.List;

import org.vos.linux.internal.LibC;
import org.vos.linux.internal.Mem;

import com.sun.jna.LastErrorException;
import com.sun.jna.Memory;
import com.sun.jna.ptr.IntByReference;

/** Plain system calls by number (x86_64) and the few glibc functions vos needs. */
public final class Sys {
    public static final int SYS_read = 0, SYS_write = 1, SYS_open = 2, SYS_close = 3, SYS_lseek = 8,
            SYS_mmap = 9, SYS_mprotect = 10, SYS_munmap = 11, SYS_brk = 12, SYS_rt_sigaction = 13,
            SYS_rt_sigprocmask = 14, SYS_mremap = 25, SYS_madvise = 28, SYS_dup2 = 33, SYS_getitimer = 36,
            SYS_setitimer = 38, SYS_getpid = 39, SYS_clone = 56, SYS_fork = 57, SYS_exit = 60, SYS_kill = 62,
            SYS_fcntl = 72, SYS_chdir = 80, SYS_fchdir = 81, SYS_umask = 95, SYS_getppid = 110,
            SYS_setpgid = 109, SYS_getpgid = 121, SYS_getsid = 124, SYS_setsid = 112,
            SYS_sigaltstack = 131, SYS_personality = 135, SYS_prctl = 157, SYS_arch_prctl = 158,
            SYS_gettid = 186, SYS_tkill = 200, SYS_set_tid_address = 218, SYS_restart_syscall = 219,
            SYS_timer_create = 222, SYS_timer_settime = 223, SYS_timer_gettime = 224,
            SYS_clock_gettime = 228, SYS_exit_group = 231, SYS_tgkill = 234, SYS_openat = 257,
            SYS_set_robust_list = 273, SYS_get_robust_list = 274, SYS_dup3 = 292,
            SYS_rt_tgsigqueueinfo = 297, SYS_prlimit64 = 302, SYS_process_vm_readv = 310,
            SYS_process_vm_writev = 311, SYS_rseq = 334, SYS_pidfd_open = 434, SYS_clone3 = 435,
            SYS_close_range = 436, SYS_pidfd_getfd = 438;

    public static final int SIGKILL = 9, SIGSEGV = 11, SIGTERM = 15, SIGCONT = 18, SIGSTOP = 19,
            SIGTRAP = 5, SIGCHLD = 17;
    public static final int CLOCK_MONOTONIC = 1, CLOCK_BOOTTIME = 7;
    public static final int ADDR_NO_RANDOMIZE = 0x0040000;

    private Sys() {
    }

    /** Raw system call; throws with {@code name} on -1. */
    public static long call(String name, long nr, long... a) {
        long[] x = new long[6];
        System.arraycopy(a, 0, x, 0, a.length);
        try {
            return LibC.INSTANCE.syscall(nr, x[0], x[1], x[2], x[3], x[4], x[5]);
        } catch (LastErrorException e) {
            throw new LinuxException(name, e.getErrorCode());
        }
    }

    public static void kill(long pid, int sig) {
        try {
            LibC.INSTANCE.kill((int) pid, sig);
        } catch (LastErrorException e) {
            throw new LinuxException("kill(" + pid + ", " + sig + ")", e.getErrorCode());
        }
    }

    public static void tgkill(long tgid, long tid, int sig) {
        call("tgkill(" + tgid + ", " + tid + ")", SYS_tgkill, tgid, tid, sig);
    }

    /** Whether a process with this pid exists (signal 0). */
    public static boolean alive(long pid) {
        try {
            LibC.INSTANCE.kill((int) pid, 0);
            return true;
        } catch (LastErrorException e) {
            return e.getErrorCode() != Errno.ESRCH;
        }
    }

    /** waitpid; returns {pid, status}, pid 0 with WNOHANG when nothing changed. */
    public static int[] waitpid(long pid, int options) {
        int[] st = new int[1];
        while (true) {
            try {
                int r = LibC.INSTANCE.waitpid((int) pid, st, options);
                return new int[] {r, st[0]};
            } catch (LastErrorException e) {
                if (e.getErrorCode() != Errno.EINTR) {
                    throw new LinuxException("waitpid(" + pid + ")", e.getErrorCode());
                }
            }
        }
    }

    public static final int WNOHANG = 1, WALL = 0x40000000;

    public static int pidfdOpen(long pid) {
        return (int) call("pidfd_open(" + pid + ")", SYS_pidfd_open, pid, 0);
    }

    public static int pidfdGetfd(int pidfd, int targetFd) {
        return (int) call("pidfd_getfd(" + targetFd + ")", SYS_pidfd_getfd, pidfd, targetFd, 0);
    }

    /** kcmp(pid1, pid2, KCMP_FILE, fd1, fd2) == 0: both descriptors refer to one open file (struct file). */
    public static boolean sameFile(long pid1, int fd1, long pid2, int fd2) {
        return call("kcmp(" + pid1 + ":" + fd1 + ", " + pid2 + ":" + fd2 + ")", 312, pid1, pid2, 0, fd1, fd2) == 0;
    }

    /**
     * Sends descriptor {@code fd} with SCM_RIGHTS in a one-byte datagram to the AF_UNIX socket
     * bound to the abstract name {@code abstractName} (without its leading NUL) in this network
     * namespace.
     */
    public static void sendFd(String abstractName, int fd) {
        byte[] name = abstractName.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        if (name.length > 100) {
            throw new IllegalArgumentException("socket name too long: " + abstractName);
        }
        int s = (int) call("socket(AF_UNIX, SOCK_DGRAM)", 41, 1, 2 | 02000000, 0);
        try {
            Memory addr = Mem.zeroed(110);
            addr.setShort(0, (short) 1);
            addr.write(3, name, 0, name.length);
            Memory data = Mem.zeroed(8);
            Memory iov = Mem.zeroed(16);
            iov.setLong(0, Mem.addr(data));
            iov.setLong(8, 1);
            Memory cmsg = Mem.zeroed(24);
            cmsg.setLong(0, 20);
            cmsg.setInt(8, 1); // SOL_SOCKET
            cmsg.setInt(12, 1); // SCM_RIGHTS
            cmsg.setInt(16, fd);
            Memory msg = Mem.zeroed(56);
            msg.setLong(0, Mem.addr(addr));
            msg.setInt(8, 3 + name.length);
            msg.setLong(16, Mem.addr(iov));
            msg.setLong(24, 1);
            msg.setLong(32, Mem.addr(cmsg));
            msg.setLong(40, 24);
            call("sendmsg(fd " + fd + " to @" + abstractName + ")", 46, s, Mem.addr(msg), 0);
        } finally {
            close(s);
        }
    }

    public static final int MADV_POPULATE_READ = 22, MADV_POPULATE_WRITE = 23;

    /**
     * madvise on the memory of a direct (or mapped) buffer of this JVM, e.g. MADV_POPULATE_WRITE to
     * fault a file mapping in with one call instead of one fault per page. Returns false when the
     * kernel refuses the advice (callers treat it as a hint).
     */
    public static boolean madvise(java.nio.ByteBuffer direct, int advice) {
        long addr = com.sun.jna.Pointer.nativeValue(com.sun.jna.Native.getDirectBufferPointer(direct));
        try {
            call("madvise", SYS_madvise, addr + direct.position(), direct.remaining(), advice);
            return true;
        } catch (LinuxException e) {
            return false;
        }
    }

    public static void close(int fd) {
        call("close(" + fd + ")", SYS_close, fd);
    }

    /** clock_gettime in nanoseconds. */
    public static long clockNanos(int clock) {
        Memory ts = Mem.zeroed(16);
        call("clock_gettime", SYS_clock_gettime, clock, Mem.addr(ts));
        return ts.getLong(0) * 1_000_000_000L + ts.getLong(8);
    }

    /** prlimit64(pid, resource, NULL, &old): {cur, max}. */
    public static long[] getrlimit(long pid, int resource) {
        Memory old = Mem.zeroed(16);
        call("prlimit64(" + pid + ", get " + resource + ")", SYS_prlimit64, pid, resource, 0, Mem.addr(old));
        return new long[] {old.getLong(0), old.getLong(8)};
    }

    public static void setrlimit(long pid, int resource, long cur, long max) {
        Memory nw = Mem.zeroed(16);
        nw.setLong(0, cur);
        nw.setLong(8, max);
        call("prlimit64(" + pid + ", set " + resource + ")", SYS_prlimit64, pid, resource, Mem.addr(nw), 0);
    }

    /** get_robust_list(tid): {head, len}. */
    public static long[] robustList(long tid) {
        Memory head = Mem.zeroed(8);
        Memory len = Mem.zeroed(8);
        call("get_robust_list(" + tid + ")", SYS_get_robust_list, tid, Mem.addr(head), Mem.addr(len));
        return new long[] {head.getLong(0), len.getLong(0)};
    }

    /** Reads another process's memory with one process_vm_readv; returns bytes read. */
    public static long processVmRead(long pid, long remote, byte[] into) {
        Memory local = new Memory(into.length);
        Memory iov = Mem.zeroed(32);
        iov.setLong(0, Mem.addr(local));
        iov.setLong(8, into.length);
        iov.setLong(16, remote);
        iov.setLong(24, into.length);
        long n = call("process_vm_readv(" + pid + ")", SYS_process_vm_readv, pid, Mem.addr(iov), 1,
                Mem.addr(iov) + 16, 1, 0);
        local.read(0, into, 0, (int) n);
        return n;
    }

    /**
     * posix_spawn of {@code path} with {@code argv} and {@code env} ("K=V"); no Java runs in the
     * child, so it is safe from a multi-threaded JVM. The caller must reap the child.
     */
    public static long spawn(String path, List<String> argv, List<String> env) {
        IntByReference pid = new IntByReference();
        int r = LibC.INSTANCE.posix_spawn(pid, path, null, null, argv.toArray(new String[0]),
                env.toArray(new String[0]));
        if (r != 0) {
            throw new LinuxException("posix_spawn(" + path + ")", r);
        }
        return pid.getValue();
    }

    /** Exit status in shell convention: code, or 128+signal. -1 if not an exit status. */
    public static int exitCode(int status) {
        if ((status & 0x7f) == 0) {
            return (status >> 8) & 0xff;
        }
        if (((status & 0x7f) + 1) >> 1 > 0 && (status & 0xff) != 0x7f) {
            return 128 + (status & 0x7f);
        }
        return -1;
    }
}
