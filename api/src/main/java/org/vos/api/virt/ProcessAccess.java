package org.vos.api.virt;

import java.nio.file.Path;
import java.util.Map;
import java.util.Set;

import org.osgi.annotation.versioning.ProviderType;

/**
 * What the engine lets a virtualizer do inside a stopped process: run a system call in it, read or
 * write its memory, move descriptors between it and the executive, and store data in the image.
 * Valid only during the dump or restore call it is passed to.
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

    /** Forgets the scratch allocations of this call so far (for loops that move data in chunks). */
    void resetScratch();

    /**
     * A copy of the process's descriptor {@code fd} in the executive (pidfd_getfd: the same open
     * file, not a reopen). The engine closes it when the checkpoint or restore ends; read or write
     * it through {@code /proc/self/fd/N}.
     */
    int take(int fd);

    /**
     * Gives the process the executive's descriptor {@code localFd} (e.g. one {@link #take taken}
     * from another process of the tree) as its descriptor {@code fd}, replacing what was there.
     * The open file is shared, not reopened.
     */
    void install(int localFd, int fd, boolean closeOnExec);

    /**
     * A file of the image that belongs to the handle being dumped or restored ({@code name} is a
     * simple word): written during dump (the engine checksums it into the inventory), read during
     * restore. This is how a virtualizer ships content with a migration.
     */
    Path imageFile(String name);

    /**
     * Objects shared by all dump or restore calls of one checkpoint or restore (the whole process
     * tree). Values that are {@link AutoCloseable} are closed by the engine at the end.
     */
    Map<String, Object> shared();

    /** Host pids of every process of the tree being checkpointed (or restored, as restored). */
    Set<Long> tree();
}
