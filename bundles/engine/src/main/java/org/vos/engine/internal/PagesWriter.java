package org.vos.engine.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;

import org.vos.engine.internal.image.Inventory;

/**
 * A page file: a 4 KiB header (magic, version, pid), then raw page data. The file is sized up
 * front and mapped chunk by chunk; /proc/PID/mem is read straight into the mapping (one copy) and
 * each finished chunk is hashed on the pool while the next one is filled.
 */
final class PagesWriter implements AutoCloseable {
    static final int CHUNK = 64 << 20;
    private final FileChannel ch;
    private final long size;
    private final ExecutorService pool;
    private final List<Future<byte[]>> hashes = new ArrayList<>();
    private MappedByteBuffer window;
    private long windowStart = -1;
    private long pos;

    PagesWriter(Path file, long pid, long dataBytes, ExecutorService pool) {
        this.pool = pool;
        this.size = ImageStore.PAGES_HEADER + dataBytes;
        try {
            ch = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.READ, StandardOpenOption.WRITE);
            ByteBuffer h = ByteBuffer.allocate(ImageStore.PAGES_HEADER).order(ByteOrder.LITTLE_ENDIAN);
            h.put(ImageStore.PAGES_MAGIC).putInt(1).putInt(ImageStore.PAGES_HEADER).putLong(pid).putLong(dataBytes);
            h.clear();
            while (h.hasRemaining()) {
                ch.write(h, h.position());
            }
            if (size > ImageStore.PAGES_HEADER) {
                ch.write(ByteBuffer.wrap(new byte[1]), size - 1);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("create " + file, e);
        }
        pos = ImageStore.PAGES_HEADER;
    }

    /** Offset in the file where the next data goes. */
    long position() {
        return pos;
    }

    /** Copies {@code len} bytes of process memory at {@code addr} to the file. */
    void fill(ProcMem mem, long addr, long len) {
        long done = 0;
        while (done < len) {
            ByteBuffer w = window(pos);
            int off = (int) (pos - windowStart);
            int n = (int) Math.min(len - done, w.capacity() - off);
            ByteBuffer dst = w.duplicate();
            dst.position(off).limit(off + n);
            mem.readFully(addr + done, dst);
            done += n;
            pos += n;
            if (pos - windowStart == w.capacity()) {
                hashWindow();
            }
        }
    }

    private ByteBuffer window(long at) {
        long start = at / CHUNK * CHUNK;
        if (start != windowStart) {
            if (window != null) {
                hashWindow();
            }
            try {
                window = ch.map(FileChannel.MapMode.READ_WRITE, start, Math.min(CHUNK, size - start));
                // one call faults the whole window in, instead of one fault per page during the copy
                org.vos.linux.Sys.madvise(window, org.vos.linux.Sys.MADV_POPULATE_WRITE);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            windowStart = start;
        }
        return window;
    }

    private void hashWindow() {
        if (window == null) {
            return;
        }
        ByteBuffer b = window.duplicate().clear();
        hashes.add(pool.submit(() -> {
            MessageDigest md = ImageStore.sha256();
            md.update(b);
            return md.digest();
        }));
        window = null;
        windowStart = -1;
    }

    Inventory.Part finish() {
        if (pos != size) {
            throw new IllegalStateException("page file written " + pos + " of " + size + " bytes");
        }
        // the header chunk (and a last partial one) may still be unhashed
        long first = hashes.size() * (long) CHUNK;
        while (first < size) {
            window(first);
            hashWindow();
            first += CHUNK;
        }
        Inventory.Part part = new Inventory.Part();
        part.bytes = size;
        part.chunkBytes = CHUNK;
        part.chunks = new ArrayList<>();
        MessageDigest all = ImageStore.sha256();
        try {
            for (Future<byte[]> f : hashes) {
                byte[] d = f.get();
                part.chunks.add(HexFormat.of().formatHex(d));
                all.update(d);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        }
        part.sha256 = HexFormat.of().formatHex(all.digest());
        return part;
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
