package org.vos.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;

/**
 * Serializes {@code up} and {@code down} of the one domain a machine has, so that two of them
 * never interleave (one copying the build while the other deletes it). The lock file lives
 * outside the state directory, which {@code down} removes.
 */
final class DomainLock implements AutoCloseable {
    private final FileChannel channel;
    private final FileLock lock;

    private DomainLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    static DomainLock acquire(Layout layout, PrintStream log) {
        Path file = layout.state.resolveSibling(layout.state.getFileName() + ".lock");
        try {
            Files.createDirectories(file.getParent());
            FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileLock l = ch.tryLock();
            if (l == null) {
                log.println("vos: waiting for another vos up/down to finish");
                long deadline = System.nanoTime() + Duration.ofMinutes(10).toNanos();
                while (l == null) {
                    if (System.nanoTime() > deadline) {
                        ch.close();
                        throw new CliException("another vos up/down has held " + file + " for 10 minutes");
                    }
                    Runtimes.pause(200);
                    l = ch.tryLock();
                }
            }
            return new DomainLock(ch, l);
        } catch (IOException e) {
            throw new CliException("cannot lock " + file + ": " + e.getMessage());
        }
    }

    @Override
    public void close() {
        try {
            lock.release();
            channel.close();
        } catch (IOException e) {
            // closing the channel releases the lock anyway
        }
    }
}
