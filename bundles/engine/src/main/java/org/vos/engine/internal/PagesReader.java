package org.vos.engine.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;

import org.vos.api.domain.VosException;
import org.vos.engine.internal.image.Inventory;

/**
 * Reads a page file through chunk-sized mappings. Its chunk hashes are computed on the pool while
 * the caller copies pages out; {@link #verify()} compares them, and the restored process is only
 * released when they match.
 */
final class PagesReader implements AutoCloseable {
    private final FileChannel ch;
    private final String name;
    private final Inventory.Part part;
    private final List<Future<byte[]>> hashes = new ArrayList<>();
    private MappedByteBuffer window;
    private long windowStart = -1;

    PagesReader(Path dir, String name, Inventory.Part part, ExecutorService pool) {
        this.name = name;
        this.part = part;
        try {
            ch = FileChannel.open(dir.resolve(name));
        } catch (IOException e) {
            throw new VosException(422, "image-corrupt", "cannot open " + name + ": " + e, null, e);
        }
        if (pool != null) {
            long chunk = part.chunkBytes;
            for (long at = 0; at < part.bytes; at += chunk) {
                long start = at;
                hashes.add(pool.submit(() -> hash(ch, start, Math.min(chunk, part.bytes - start))));
            }
        }
    }

    static byte[] hash(FileChannel ch, long start, long len) throws IOException {
        MessageDigest md = ImageStore.sha256();
        md.update(ch.map(FileChannel.MapMode.READ_ONLY, start, len));
        return md.digest();
    }

    /** A read-only view of {@code len} bytes of the file at {@code off}, at most up to the chunk end. */
    ByteBuffer slice(long off, long len) {
        long chunk = PagesWriter.CHUNK;
        long start = off / chunk * chunk;
        if (start != windowStart) {
            try {
                window = ch.map(FileChannel.MapMode.READ_ONLY, start, Math.min(chunk, ch.size() - start));
                org.vos.linux.Sys.madvise(window, org.vos.linux.Sys.MADV_POPULATE_READ);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            windowStart = start;
        }
        int o = (int) (off - start);
        if (o >= window.capacity()) {
            throw new VosException(422, "image-corrupt", name + " ends early");
        }
        ByteBuffer b = window.duplicate();
        b.position(o).limit((int) Math.min(window.capacity(), o + len));
        return b;
    }

    /** Compares every chunk's hash with the inventory. */
    void verify() {
        try {
            for (int i = 0; i < hashes.size(); i++) {
                String got = HexFormat.of().formatHex(hashes.get(i).get());
                if (!got.equals(part.chunks.get(i))) {
                    throw new VosException(422, "image-corrupt", "checksum mismatch in " + name + " chunk " + i);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new VosException(500, "interrupted", "interrupted while verifying " + name);
        } catch (ExecutionException e) {
            throw new VosException(422, "image-corrupt", "cannot verify " + name + ": " + e.getCause(), null, e.getCause());
        }
    }

    @Override
    public void close() {
        try {
            ch.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
