package org.vos.engine.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.stream.Stream;

import org.vos.api.domain.VosException;
import org.vos.engine.internal.image.Inventory;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonParseException;

/** Reads and writes image directories (docs/image-format.md): JSON parts, page files, checksums. */
final class ImageStore {
    static final String INVENTORY = "inventory.json";
    static final String TREE = "tree.json";
    static final byte[] PAGES_MAGIC = "VOSPAGES".getBytes(StandardCharsets.US_ASCII);
    static final int PAGES_HEADER = 4096;
    static final Gson GSON = new GsonBuilder().setPrettyPrinting().disableHtmlEscaping().create();

    private ImageStore() {
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Creates {@code dir} or accepts it when empty; refuses a non-empty one. */
    static void prepare(Path dir) {
        try {
            if (Files.exists(dir)) {
                if (!Files.isDirectory(dir)) {
                    throw new VosException(409, "image-exists", "image path " + dir + " exists and is not a directory");
                }
                try (Stream<Path> s = Files.list(dir)) {
                    if (s.findAny().isPresent()) {
                        throw new VosException(409, "image-exists", "image directory " + dir + " is not empty");
                    }
                }
            }
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new VosException(500, "checkpoint-failed", "cannot create image directory " + dir + ": " + e, null, e);
        }
    }

    /** Removes the files a failed checkpoint wrote (only the image's own names). */
    static void discard(Path dir) {
        try (Stream<Path> s = Files.list(dir)) {
            for (Path p : s.toList()) {
                String n = p.getFileName().toString();
                if (n.endsWith(".json") || n.endsWith(".img") || n.endsWith(".tmp")) {
                    Files.deleteIfExists(p);
                }
            }
        } catch (IOException e) {
            // best effort; the inventory is missing, so the directory is no valid image
        }
    }

    static Inventory.Part writeJson(Path dir, String name, Object value) {
        byte[] b = GSON.toJson(value).getBytes(StandardCharsets.UTF_8);
        try {
            Files.write(dir.resolve(name), b);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new Inventory.Part(b.length, HexFormat.of().formatHex(sha256().digest(b)));
    }

    /** Writes the inventory atomically (tmp + rename): its presence marks a complete image. */
    static void writeInventory(Path dir, Inventory inv) {
        byte[] b = GSON.toJson(inv).getBytes(StandardCharsets.UTF_8);
        try {
            Path tmp = dir.resolve(INVENTORY + ".tmp");
            Files.write(tmp, b, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING);
            Files.move(tmp, dir.resolve(INVENTORY), java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static <T> T readJson(Path dir, String name, Class<T> type) {
        try {
            return GSON.fromJson(Files.readString(dir.resolve(name)), type);
        } catch (NoSuchFileException e) {
            throw new VosException(422, "image-corrupt", "image " + dir + " has no " + name);
        } catch (IOException | JsonParseException e) {
            throw new VosException(422, "image-corrupt", "image " + dir + ": cannot read " + name + ": " + e.getMessage(), null, e);
        }
    }

    /** Reads the inventory and checks magic, version, size and SHA-256 of every part. */
    static Inventory verify(Path dir) {
        return verify(dir, null);
    }

    /**
     * Reads the inventory and checks magic, version, sizes, the SHA-256 of every metadata part and
     * the consistency of the chunk lists of page files. With a pool the page chunks are hashed too
     * (in parallel); without one the caller verifies them while loading (see PagesReader).
     */
    static Inventory verify(Path dir, java.util.concurrent.ExecutorService pool) {
        if (!Files.isDirectory(dir)) {
            throw VosException.notFound("unknown-image", "no image directory " + dir);
        }
        Inventory inv = readJson(dir, INVENTORY, Inventory.class);
        if (inv == null || !Inventory.MAGIC.equals(inv.magic)) {
            throw new VosException(422, "image-corrupt", "image " + dir + ": inventory.json has no VOS-IMAGE magic");
        }
        if (inv.formatVersion > Inventory.FORMAT_VERSION || inv.formatVersion < 1) {
            throw new VosException(422, "image-version", "image " + dir + " has format version " + inv.formatVersion
                    + ", this vos reads up to " + Inventory.FORMAT_VERSION);
        }
        if (inv.parts == null || !inv.parts.containsKey(TREE)) {
            throw new VosException(422, "image-corrupt", "image " + dir + ": inventory lists no tree.json");
        }
        for (Map.Entry<String, Inventory.Part> e : inv.parts.entrySet()) {
            Path p = dir.resolve(e.getKey());
            if (!p.normalize().startsWith(dir.normalize()) || e.getKey().contains("/")) {
                throw new VosException(422, "image-corrupt", "image " + dir + ": bad part name " + e.getKey());
            }
            Inventory.Part part = e.getValue();
            if (part.chunks != null) {
                checkChunked(dir, e.getKey(), part, pool);
                continue;
            }
            String got = hashFile(p, part.bytes, dir);
            if (!got.equals(part.sha256)) {
                throw new VosException(422, "image-corrupt", "image " + dir + ": checksum mismatch in " + e.getKey());
            }
        }
        return inv;
    }

    private static void checkChunked(Path dir, String name, Inventory.Part part, java.util.concurrent.ExecutorService pool) {
        Path p = dir.resolve(name);
        try {
            long size = Files.size(p);
            if (size != part.bytes) {
                throw new VosException(422, "image-corrupt", "image " + dir + ": " + name + " has " + size
                        + " bytes, the inventory says " + part.bytes);
            }
        } catch (IOException e) {
            throw new VosException(422, "image-corrupt", "image " + dir + " misses " + name);
        }
        long expect = part.chunkBytes <= 0 ? -1 : (part.bytes + part.chunkBytes - 1) / part.chunkBytes;
        MessageDigest all = sha256();
        part.chunks.forEach(c -> all.update(HexFormat.of().parseHex(c)));
        if (expect != part.chunks.size() || !HexFormat.of().formatHex(all.digest()).equals(part.sha256)) {
            throw new VosException(422, "image-corrupt", "image " + dir + ": the chunk list of " + name + " is inconsistent");
        }
        if (pool != null) {
            try (PagesReader r = new PagesReader(dir, name, part, pool)) {
                r.verify();
            }
        }
    }

    private static String hashFile(Path p, long expectBytes, Path dir) {
        try (FileChannel ch = FileChannel.open(p)) {
            if (ch.size() != expectBytes) {
                throw new VosException(422, "image-corrupt", "image " + dir + ": " + p.getFileName() + " has "
                        + ch.size() + " bytes, the inventory says " + expectBytes);
            }
            MessageDigest md = sha256();
            ByteBuffer b = ByteBuffer.allocateDirect(4 << 20);
            while (ch.read(b) > 0) {
                b.flip();
                md.update(b);
                b.clear();
            }
            return HexFormat.of().formatHex(md.digest());
        } catch (NoSuchFileException e) {
            throw new VosException(422, "image-corrupt", "image " + dir + " misses " + p.getFileName());
        } catch (IOException e) {
            throw new VosException(422, "image-corrupt", "image " + dir + ": cannot read " + p.getFileName() + ": " + e, null, e);
        }
    }

    static long size(Path dir) {
        try (Stream<Path> s = Files.list(dir)) {
            long n = 0;
            for (Path p : s.toList()) {
                n += Files.size(p);
            }
            return n;
        } catch (IOException e) {
            return 0;
        }
    }
}
