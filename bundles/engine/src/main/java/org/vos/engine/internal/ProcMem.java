package org.vos.engine.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/** /proc/PID/mem of a stopped tracee: positional reads and writes, in bulk. */
final class ProcMem implements AutoCloseable {
    private final FileChannel ch;
    private final long pid;

    ProcMem(long pid, boolean write) {
        this.pid = pid;
        try {
            ch = FileChannel.open(Path.of("/proc/" + pid + "/mem"), StandardOpenOption.READ,
                    write ? StandardOpenOption.WRITE : StandardOpenOption.READ);
        } catch (IOException e) {
            throw new UncheckedIOException("open /proc/" + pid + "/mem", e);
        }
    }

    byte[] read(long addr, int len) {
        ByteBuffer b = ByteBuffer.allocate(len);
        readFully(addr, b);
        return b.array();
    }

    /** Fills {@code b} from {@code addr}; fails on a short read (unmapped address). */
    void readFully(long addr, ByteBuffer b) {
        try {
            long pos = addr;
            while (b.hasRemaining()) {
                int n = ch.read(b, pos);
                if (n <= 0) {
                    throw new IOException("short read at 0x" + Long.toHexString(pos));
                }
                pos += n;
            }
        } catch (IOException e) {
            throw new UncheckedIOException("read memory of " + pid + " at 0x" + Long.toHexString(addr), e);
        }
    }

    void write(long addr, byte[] data) {
        writeFully(addr, ByteBuffer.wrap(data));
    }

    void writeFully(long addr, ByteBuffer b) {
        try {
            long pos = addr;
            while (b.hasRemaining()) {
                int n = ch.write(b, pos);
                if (n <= 0) {
                    throw new IOException("short write at 0x" + Long.toHexString(pos));
                }
                pos += n;
            }
        } catch (IOException e) {
            throw new UncheckedIOException("write memory of " + pid + " at 0x" + Long.toHexString(addr), e);
        }
    }

    @Override
    public void close() {
        try {
            ch.close();
        } catch (IOException e) {
            // nothing to do for a /proc file
        }
    }
}
