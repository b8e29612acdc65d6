package org.vos.linux;

import org.vos.linux.internal.LibC;

/** errno values vos checks for, and their text. */
public final class Errno {
    public static final int EPERM = 1, ENOENT = 2, ESRCH = 3, EINTR = 4, EIO = 5, EBADF = 9,
            ECHILD = 10, EAGAIN = 11, ENOMEM = 12, EACCES = 13, EFAULT = 14, EBUSY = 16,
            EEXIST = 17, EINVAL = 22, ENOSYS = 38;
    /** Kernel-internal restart codes a stopped thread may show in rax (negated). */
    public static final int ERESTARTSYS = 512, ERESTARTNOINTR = 513, ERESTARTNOHAND = 514,
            ERESTART_RESTARTBLOCK = 516;

    private Errno() {
    }

    public static String text(int errno) {
        try {
            return LibC.INSTANCE.strerror(errno);
        } catch (Throwable t) {
            return "errno " + errno;
        }
    }
}
