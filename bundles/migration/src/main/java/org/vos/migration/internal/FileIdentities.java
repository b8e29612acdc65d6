package org.vos.migration.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import org.vos.api.migration.Transfers.FileIdentity;

/**
 * Size, modification time and SHA-256 of files a process maps, on either side of a transfer.
 * Hashes are cached per (path, size, mtime, inode): a library is hashed once per executive.
 */
final class FileIdentities {
    private record Key(String path, long size, long mtimeNs, Object fileKey) {
    }

    private final Map<Key, String> cache = new ConcurrentHashMap<>();

    FileIdentity of(String path) throws IOException {
        Path p = Path.of(path);
        BasicFileAttributes a = Files.readAttributes(p, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        FileIdentity id = new FileIdentity();
        id.path = path;
        id.size = a.size();
        id.mtimeNs = a.lastModifiedTime().to(TimeUnit.NANOSECONDS);
        Key k = new Key(path, id.size, id.mtimeNs, a.fileKey());
        String sha = cache.get(k);
        if (sha == null) {
            sha = sha256(p);
            cache.put(k, sha);
        }
        id.sha256 = sha;
        return id;
    }

    /** The first file that is missing or differs here, as one sentence; null when all are identical. */
    String firstDifference(List<FileIdentity> expected, String host) {
        for (FileIdentity want : expected) {
            FileIdentity have;
            try {
                have = of(want.path);
            } catch (IOException e) {
                return "the program maps " + want.path + " which host " + host + " does not have (" + e.getClass().getSimpleName() + ")";
            }
            if (have.size != want.size || !have.sha256.equals(want.sha256)) {
                return "the program maps " + want.path + " which differs on host " + host + " (size " + have.size + " vs "
                        + want.size + ", sha256 " + abbrev(have.sha256) + " vs " + abbrev(want.sha256) + ")";
            }
        }
        return null;
    }

    private static String abbrev(String sha) {
        return sha == null ? "?" : sha.substring(0, Math.min(12, sha.length()));
    }

    static String sha256(Path p) throws IOException {
        MessageDigest md = digest();
        try (FileChannel ch = FileChannel.open(p)) {
            ByteBuffer b = ByteBuffer.allocate(1 << 20);
            while (ch.read(b) > 0) {
                b.flip();
                md.update(b);
                b.clear();
            }
        }
        return HexFormat.of().formatHex(md.digest());
    }

    static MessageDigest digest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
