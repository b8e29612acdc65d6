package org.vos.api.hook;

import org.osgi.annotation.versioning.ProviderType;

/**
 * One intercepted system call of a managed program, valid while its hook runs. Memory reads are
 * checked against the notification so a pointer from a thread that has moved on is never trusted.
 */
@ProviderType
public interface SyscallEvent {
    String processId();

    long pid();

    int nr();

    String name();

    long arg(int index);

    byte[] read(long address, int length);

    /** Reads a NUL-terminated string of at most {@code max} bytes. */
    String readString(long address, int max);

    void write(long address, byte[] data);
}
