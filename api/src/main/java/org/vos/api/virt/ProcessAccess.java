package org.vos.api.virt;

import org.osgi.annotation.versioning.ProviderType;

/**
 * What the engine lets a virtualizer do inside a stopped process: run a system call in it and
 * read or write its memory. Valid only during the dump or restore call it is passed to.
 */
@ProviderType
public interface ProcessAccess {
    /** Pid of the process as the root pid namespace sees it. */
    long hostPid();

    /** Runs system call {@code nr} inside the process; returns its raw result (negative errno). */
    long syscall(int nr, long... args);

    /** Writes {@code data} into scratch memory of the process and returns its address. */
    long scratch(byte[] data);

    byte[] read(long address, int length);

    void write(long address, byte[] data);
}
