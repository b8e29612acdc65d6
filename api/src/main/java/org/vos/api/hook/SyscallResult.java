package org.vos.api.hook;

/**
 * A hook's answer to an intercepted call: let it run, return a value or an errno instead, or give
 * the program a descriptor the executive opened ({@code SECCOMP_IOCTL_NOTIF_ADDFD}).
 */
public final class SyscallResult {
    private static final SyscallResult CONTINUE = new SyscallResult(true, 0, 0, null, 0, 0);
    private final boolean proceed;
    private final long value;
    private final int errno;
    private final String path;
    private final int flags;
    private final int mode;

    private SyscallResult(boolean proceed, long value, int errno, String path, int flags, int mode) {
        this.proceed = proceed;
        this.value = value;
        this.errno = errno;
        this.path = path;
        this.flags = flags;
        this.mode = mode;
    }

    /** The kernel runs the call as the program made it. */
    public static SyscallResult proceed() {
        return CONTINUE;
    }

    /** The call is not run; it returns {@code value}. */
    public static SyscallResult value(long value) {
        return new SyscallResult(false, value, 0, null, 0, 0);
    }

    /** The call is not run; it fails with {@code errno} (positive, e.g. 2 for ENOENT). */
    public static SyscallResult error(int errno) {
        return new SyscallResult(false, -1, errno, null, 0, 0);
    }

    /**
     * The call is not run: the executive opens {@code path} with open(2) {@code flags} and
     * {@code mode} and the program receives the descriptor as the call's result (an {@code openat}
     * answered with a file of the executive's choice). When the open fails, the call fails with
     * its errno.
     */
    public static SyscallResult file(String path, int flags, int mode) {
        return new SyscallResult(false, 0, 0, path, flags, mode);
    }

    public boolean isProceed() {
        return proceed;
    }

    public long value() {
        return value;
    }

    public int errno() {
        return errno;
    }

    /** Path to open for the program ({@link #file}), else null. */
    public String path() {
        return path;
    }

    public int flags() {
        return flags;
    }

    public int mode() {
        return mode;
    }

    @Override
    public String toString() {
        return proceed ? "proceed" : path != null ? "file " + path : errno != 0 ? "errno " + errno : "= " + value;
    }
}
