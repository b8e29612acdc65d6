package org.vos.api.hook;

import org.osgi.annotation.versioning.ProviderType;

/**
 * One intercepted system call of a managed program, valid while its hook runs. Memory reads and
 * writes are checked against the notification ({@code SECCOMP_IOCTL_NOTIF_ID_VALID}) so memory of
 * a thread that has moved on (interrupted by a signal, killed) is never trusted: they then throw
 * {@link IllegalStateException}, and the call proceeds or fails as the interceptor documents.
 */
@ProviderType
public interface SyscallEvent {
    /**
     * Stable key of the managed program on this host: the same for every call of its tree and
     * across the rebuilds that change its filter (its host pid may change then, this does not).
     */
    String processId();

    /** Host pid of the program's root process now (what the engine and the executive know it by). */
    default long hostPid() {
        return pid();
    }

    /** Host pid of the calling thread, as the executive sees it. */
    long pid();

    /** System call number (x86_64). */
    int nr();

    /** System call name ({@code openat}, {@code write}, ...). */
    String name();

    /** Raw argument {@code index} (0..5). */
    long arg(int index);

    /** Reads {@code length} bytes of the caller's memory (fewer when the mapping ends). */
    byte[] read(long address, int length);

    /** Reads a NUL-terminated string of at most {@code max} bytes. */
    String readString(long address, int max);

    /** Writes into the caller's memory (for out-parameters of a call the hook answers itself). */
    void write(long address, byte[] data);

    /** Executable path of the calling process (from /proc), null when it is gone. */
    default String exe() {
        return null;
    }
}
