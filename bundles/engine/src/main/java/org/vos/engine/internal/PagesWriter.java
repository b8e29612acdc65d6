package org.vos.engine.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.HexFormat;

import org.vos.engine.internal.image.Inventory;

/** A page file: a 4 KiB header (magic, version, pid) and then raw page data, hashed as written. */
final class PagesWriter implements AutoCloseable {
    private final FileChannel ch;
    private final MessageDigest md = ImageStore.sha256();
    private long written;

    PagesWriter(Path file, long pid) {
        try {
            ch = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
            ByteBuffer h = ByteBuffer.allocate(ImageStore.PAGES_HEADER).order(ByteOrder.LITTLE_ENDIAN);
            h.put(ImageStore.PAGES_MAGIC).putInt(1).putInt(ImageStore.PAGES_HEADER).putLong(pid);
            h.clear();
            write(h);
        } catch (IOException e) {
            throw new UncheckedIOException("create " + file, e);
        }
    }

    /** Offset in the file where the next data goes. */
    long position() {
        return written;
    }

    void write(ByteBuffer b) {
        ByteBuffer dup = b.duplicate();
        md.update(dup);
        try {
            while (b.hasRemaining()) {
                written += ch.write(b);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    Inventory.Part finish() {
        return new Inventory.Part(written, HexFormat.of().formatHex(md.digest()));
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
