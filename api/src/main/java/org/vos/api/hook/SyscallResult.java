package org.vos.api.hook;

/** A hook's answer to an intercepted call: let it run, or return a value or an errno instead. */
public final class SyscallResult {
    private static final SyscallResult CONTINUE = new SyscallResult(true, 0, 0);
    private final boolean proceed;
    private final long value;
    private final int errno;

    private SyscallResult(boolean proceed, long value, int errno) {
        this.proceed = proceed;
        this.value = value;
        this.errno = errno;
    }

    /** The kernel runs the call as the program made it. */
    public static SyscallResult proceed() {
        return CONTINUE;
    }

    public static SyscallResult value(long value) {
        return new SyscallResult(false, value, 0);
    }

    public static SyscallResult error(int errno) {
        return new SyscallResult(false, -1, errno);
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
}
