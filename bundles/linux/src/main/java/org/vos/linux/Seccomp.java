package org.vos.linux;

import com.sun.jna.LastErrorException;
import com.sun.jna.Memory;
import com.sun.jna.Native;

/**
 * Seccomp user notification from the supervisor's side (linux/seccomp.h): receive, validate,
 * answer, add a descriptor. One {@link Channel} per serving thread holds its native buffers, so a
 * round trip allocates nothing. Calls use JNA direct mapping (no varargs, no reflection per call).
 */
public final class Seccomp {
    public static final long IOCTL_NOTIF_RECV = 0xc0502100L, IOCTL_NOTIF_SEND = 0xc0182101L,
            IOCTL_NOTIF_ID_VALID = 0x40082102L, IOCTL_NOTIF_ADDFD = 0x40182103L,
            IOCTL_NOTIF_SET_FLAGS = 0x40082104L;
    public static final int USER_NOTIF_FLAG_CONTINUE = 1, USER_NOTIF_FD_SYNC_WAKE_UP = 1;
    public static final int ADDFD_FLAG_SETFD = 1, ADDFD_FLAG_SEND = 2;
    public static final int SET_MODE_FILTER = 1, FILTER_FLAG_NEW_LISTENER = 8;
    public static final int AUDIT_ARCH_X86_64 = 0xc000003e;
    public static final int SYS_seccomp = 317;
    public static final short POLLIN = 1;

    static {
        Native.register(Seccomp.class, "c");
    }

    private static native int ioctl(int fd, long request, long arg) throws LastErrorException;

    private static native int poll(long fds, long nfds, int timeout) throws LastErrorException;

    private static native int open(String path, int flags, int mode) throws LastErrorException;

    private static native int close(int fd) throws LastErrorException;

    private static native long write(int fd, long buf, long count) throws LastErrorException;

    private static native int eventfd(int initval, int flags) throws LastErrorException;

    private Seccomp() {
    }

    /** {@code SECCOMP_IOCTL_NOTIF_SET_FLAGS}, e.g. {@link #USER_NOTIF_FD_SYNC_WAKE_UP}. */
    public static void setFlags(int listener, long flags) {
        try {
            ioctl(listener, IOCTL_NOTIF_SET_FLAGS, flags);
        } catch (LastErrorException e) {
            throw new LinuxException("ioctl(SECCOMP_IOCTL_NOTIF_SET_FLAGS)", e.getErrorCode());
        }
    }

    /** An eventfd (EFD_CLOEXEC) to wake a {@link Channel#await} from another thread. */
    public static int eventFd() {
        try {
            return eventfd(0, 02000000);
        } catch (LastErrorException e) {
            throw new LinuxException("eventfd", e.getErrorCode());
        }
    }

    /** Adds 1 to an eventfd. */
    public static void signal(int eventFd) {
        Memory one = new Memory(8);
        one.setLong(0, 1);
        try {
            write(eventFd, com.sun.jna.Pointer.nativeValue(one), 8);
        } catch (LastErrorException e) {
            throw new LinuxException("write(eventfd)", e.getErrorCode());
        }
    }

    /** open(2) in this process; the caller closes the descriptor with {@link #closeFd}. */
    public static int openFile(String path, int flags, int mode) {
        try {
            return open(path, flags | 02000000, mode);
        } catch (LastErrorException e) {
            throw new LinuxException("open(" + path + ")", e.getErrorCode());
        }
    }

    public static void closeFd(int fd) {
        try {
            close(fd);
        } catch (LastErrorException e) {
            throw new LinuxException("close(" + fd + ")", e.getErrorCode());
        }
    }

    /** One received notification: {@code struct seccomp_notif}, copied out. */
    public static final class Notification {
        public long id;
        public long pid;
        public int nr;
        public int arch;
        public long ip;
        public final long[] args = new long[6];
    }

    /** The buffers of one serving thread on one listener. */
    public static final class Channel {
        private final int listener;
        private final int wake;
        private final Memory notif = new Memory(80);
        private final Memory resp = new Memory(24);
        private final Memory addfd = new Memory(24);
        private final Memory idBuf = new Memory(8);
        private final Memory pollFds = new Memory(16);
        private final long notifAddr = com.sun.jna.Pointer.nativeValue(notif);
        private final long respAddr = com.sun.jna.Pointer.nativeValue(resp);
        private final long addfdAddr = com.sun.jna.Pointer.nativeValue(addfd);
        private final long idAddr = com.sun.jna.Pointer.nativeValue(idBuf);
        private final long pollAddr = com.sun.jna.Pointer.nativeValue(pollFds);

        /** {@code wake}: an eventfd that ends {@link #await}, or -1. */
        public Channel(int listener, int wake) {
            this.listener = listener;
            this.wake = wake;
        }

        /**
         * Blocks in poll(2) until the listener has a notification (true) or the program is gone or
         * the wake descriptor fired (false). No busy polling.
         */
        public boolean await() {
            pollFds.clear();
            pollFds.setInt(0, listener);
            pollFds.setShort(4, POLLIN);
            pollFds.setInt(8, wake);
            pollFds.setShort(12, POLLIN);
            while (true) {
                try {
                    poll(pollAddr, wake >= 0 ? 2 : 1, -1);
                } catch (LastErrorException e) {
                    if (e.getErrorCode() == Errno.EINTR) {
                        continue;
                    }
                    throw new LinuxException("poll(seccomp listener)", e.getErrorCode());
                }
                short lr = pollFds.getShort(6);
                short wr = pollFds.getShort(14);
                if (wake >= 0 && wr != 0) {
                    return false;
                }
                return (lr & POLLIN) != 0;
            }
        }

        /**
         * {@code SECCOMP_IOCTL_NOTIF_RECV} into {@code n}; false when the program is gone (ENOENT) or
         * the notification was withdrawn (interrupted by a signal) before we got it.
         */
        public boolean receive(Notification n) {
            notif.clear();
            try {
                ioctl(listener, IOCTL_NOTIF_RECV, notifAddr);
            } catch (LastErrorException e) {
                int err = e.getErrorCode();
                if (err == Errno.ENOENT || err == Errno.EINTR) {
                    return false;
                }
                throw new LinuxException("ioctl(SECCOMP_IOCTL_NOTIF_RECV)", err);
            }
            n.id = notif.getLong(0);
            n.pid = notif.getInt(8) & 0xffffffffL;
            n.nr = notif.getInt(16);
            n.arch = notif.getInt(20);
            n.ip = notif.getLong(24);
            for (int i = 0; i < 6; i++) {
                n.args[i] = notif.getLong(32 + 8 * i);
            }
            return true;
        }

        /** {@code SECCOMP_IOCTL_NOTIF_ID_VALID}: the calling thread still waits for this answer. */
        public boolean valid(long id) {
            idBuf.setLong(0, id);
            try {
                ioctl(listener, IOCTL_NOTIF_ID_VALID, idAddr);
                return true;
            } catch (LastErrorException e) {
                return false;
            }
        }

        /** Lets the call run ({@code FLAG_CONTINUE}); false when it is no longer pending (ENOENT). */
        public boolean proceed(long id) {
            return send(id, 0, 0, USER_NOTIF_FLAG_CONTINUE);
        }

        /** Answers with a value ({@code errno} 0) or a failure ({@code errno} positive). */
        public boolean answer(long id, long value, int errno) {
            return errno != 0 ? send(id, 0, -errno, 0) : send(id, value, 0, 0);
        }

        private boolean send(long id, long val, int error, int flags) {
            resp.setLong(0, id);
            resp.setLong(8, val);
            resp.setInt(16, error);
            resp.setInt(20, flags);
            try {
                ioctl(listener, IOCTL_NOTIF_SEND, respAddr);
                return true;
            } catch (LastErrorException e) {
                if (e.getErrorCode() == Errno.ENOENT) {
                    return false;
                }
                throw new LinuxException("ioctl(SECCOMP_IOCTL_NOTIF_SEND)", e.getErrorCode());
            }
        }

        /**
         * {@code SECCOMP_IOCTL_NOTIF_ADDFD} with {@code ADDFD_FLAG_SEND}: installs {@code localFd} in
         * the caller (close-on-exec when {@code cloexec}) and answers the call with its number.
         * Returns that number, or -1 when the call is no longer pending.
         */
        public int addFdAndAnswer(long id, int localFd, boolean cloexec) {
            addfd.setLong(0, id);
            addfd.setInt(8, ADDFD_FLAG_SEND);
            addfd.setInt(12, localFd);
            addfd.setInt(16, 0);
            addfd.setInt(20, cloexec ? 02000000 : 0);
            try {
                return ioctl(listener, IOCTL_NOTIF_ADDFD, addfdAddr);
            } catch (LastErrorException e) {
                if (e.getErrorCode() == Errno.ENOENT) {
                    return -1;
                }
                throw new LinuxException("ioctl(SECCOMP_IOCTL_NOTIF_ADDFD)", e.getErrorCode());
            }
        }
    }
}
