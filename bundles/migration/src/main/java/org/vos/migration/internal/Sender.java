package org.vos.migration.internal;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.vos.api.domain.VosException;
import org.vos.api.migration.Transfers.FileIdentity;
import org.vos.api.migration.Transfers.Receipt;
import org.vos.migration.internal.Wire.FileEntry;
import org.vos.migration.internal.Wire.Frame;
import org.vos.migration.internal.Wire.Header;
import org.vos.migration.internal.Wire.Reply;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

/**
 * The source's side of one stream. Image parts whose SHA-256 the engine's inventory already holds
 * go out with sendfile (no copy through Java); the others are hashed while they are sent. A
 * watchdog cuts a stream that makes no progress for the I/O timeout.
 */
final class Sender {
    private static final System.Logger LOG = System.getLogger(Sender.class.getName());

    private final TransferService.Settings settings;
    private final String address;
    private final String token;
    private final String migrationId;
    private Path dir;
    private final List<FileIdentity> mapped;
    private final ScheduledExecutorService watchdog;
    /** Test fault: flip the byte at this offset of the page data (negative: none). */
    private final long corruptAt;
    private volatile long progress;
    private long sent;

    Sender(TransferService.Settings settings, String address, String token, String migrationId,
            List<FileIdentity> mapped, ScheduledExecutorService watchdog, long corruptAt) {
        this.settings = settings;
        this.address = address;
        this.token = token;
        this.migrationId = migrationId;
        this.mapped = mapped;
        this.watchdog = watchdog;
        this.corruptAt = corruptAt;
    }

    Receipt send(java.util.concurrent.Callable<Path> prepare, Runnable onRestored) {
        Header h = new Header();
        h.token = token;
        h.migrationId = migrationId;
        h.mapped = new ArrayList<>(mapped);
        long t0 = System.nanoTime();
        long connectMs;
        long t1;
        try (SocketChannel c = SocketChannel.open()) {
            c.setOption(StandardSocketOptions.TCP_NODELAY, true);
            c.socket().connect(parse(address), 5000);
            c.socket().setSoTimeout(settings.ioTimeoutMs());
            DataInputStream in = new DataInputStream(new BufferedInputStream(c.socket().getInputStream(), 1 << 16));
            c.write(ByteBuffer.wrap(Wire.MAGIC));
            Wire.write(c, Wire.HEADER, h);
            Frame go = Wire.read(in);
            if (go.type() != Wire.GO) {
                throw refused(go);
            }
            connectMs = (System.nanoTime() - t0) / 1_000_000;
            try {
                dir = prepare.call();
            } catch (Exception e) {
                Wire.write(c, Wire.ABORT, null);
                throw e instanceof RuntimeException re ? re : new VosException(500, "checkpoint-failed", e.toString(), null, e);
            }
            Map<String, String> known = inventory();
            List<String> names = new ArrayList<>();
            t1 = System.nanoTime();
            ScheduledFuture<?> dog = watch(c);
            try {
                for (Path p : files()) {
                    String name = p.getFileName().toString();
                    names.add(name);
                    FileEntry fe = new FileEntry(name, size(p), null);
                    fe.byInventory = known.containsKey(name) && corruptAt < 0;
                    Wire.write(c, Wire.FILE, fe);
                    fe.sha256 = fe.byInventory ? sendfile(c, p, known.get(name)) : hashing(c, p);
                    Wire.write(c, Wire.SUM, fe);
                }
                Wire.write(c, Wire.END, names);
            } finally {
                dog.cancel(false);
            }
            Receipt r = new Receipt();
            r.connectMs = connectMs;
            r.transferMs = (System.nanoTime() - t1) / 1_000_000;
            r.bytes = sent;
            c.socket().setSoTimeout(settings.restoreTimeoutMs());
            Frame answer = Wire.read(in);
            Reply reply = answer.type() == Wire.REPLY ? answer.as(Reply.class) : null;
            if (reply == null || !reply.ok) {
                throw refused(answer);
            }
            r.restoreMs = reply.restoreMs;
            r.answer.putAll(reply.answer);
            try {
                onRestored.run();
            } catch (RuntimeException e) {
                Wire.write(c, Wire.ABORT, null);
                throw e;
            }
            Wire.write(c, Wire.COMMIT, null);
            c.shutdownOutput();
            LOG.log(Level.INFO, "migration {0}: {1} bytes to {2} in {3} ms, committed", migrationId, sent, address, r.transferMs);
            return r;
        } catch (SocketTimeoutException e) {
            throw new VosException(504, "timeout", "the target " + address + " did not answer in time (" + e.getMessage() + ")", null, e);
        } catch (IOException e) {
            throw new VosException(502, "transfer-failed", "the stream to " + address + " was cut after " + sent + " bytes: "
                    + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()), null, e);
        }
    }

    private VosException refused(Frame f) {
        Reply r = f.type() == Wire.REPLY ? f.as(Reply.class) : null;
        if (r == null) {
            return new VosException(502, "transfer-failed", "the target " + address + " answered frame " + (char) f.type());
        }
        int status = switch (String.valueOf(r.code)) {
            case "transfer-refused" -> 403;
            case "checksum-mismatch", "file-differs" -> 422;
            default -> 500;
        };
        return new VosException(status, r.code == null ? "transfer-failed" : r.code, r.error);
    }

    private ScheduledFuture<?> watch(SocketChannel c) {
        long[] last = {-1, System.nanoTime()};
        return watchdog.scheduleWithFixedDelay(() -> {
            long p = progress;
            long now = System.nanoTime();
            if (p != last[0]) {
                last[0] = p;
                last[1] = now;
            } else if (now - last[1] > TimeUnit.MILLISECONDS.toNanos(settings.ioTimeoutMs())) {
                LOG.log(Level.WARNING, "migration {0}: no progress to {1} for {2} ms, cutting the stream", migrationId, address, settings.ioTimeoutMs());
                TransferService.quietly(c);
            }
        }, 250, 250, TimeUnit.MILLISECONDS);
    }

    private String sendfile(SocketChannel c, Path p, String sha) throws IOException {
        try (FileChannel f = FileChannel.open(p)) {
            long size = f.size();
            long pos = 0;
            while (pos < size) {
                long n = f.transferTo(pos, Math.min(size - pos, 8 << 20), c);
                pos += n;
                sent += n;
                progress = sent;
            }
        }
        return sha;
    }

    private String hashing(SocketChannel c, Path p) throws IOException {
        MessageDigest md = FileIdentities.digest();
        ByteBuffer b = ByteBuffer.allocateDirect(1 << 20);
        try (FileChannel f = FileChannel.open(p)) {
            while (f.read(b) > 0) {
                b.flip();
                md.update(b.duplicate());
                if (corruptAt >= 0 && corruptAt >= sent && corruptAt < sent + b.limit()) {
                    int i = (int) (corruptAt - sent);
                    b.put(i, (byte) (b.get(i) ^ 0x5a)); // test fault: the hash above is of the true bytes
                    LOG.log(Level.WARNING, "migration {0}: test fault: flipped byte {1} of the stream", migrationId, corruptAt);
                }
                while (b.hasRemaining()) {
                    sent += c.write(b);
                }
                progress = sent;
                b.clear();
            }
        }
        return HexFormat.of().formatHex(md.digest());
    }

    /** SHA-256 of the image parts, as the engine's inventory.json records them. */
    private Map<String, String> inventory() {
        Map<String, String> out = new java.util.HashMap<>();
        Path inv = dir.resolve("inventory.json");
        if (!Files.exists(inv)) {
            return out;
        }
        try {
            JsonObject parts = JsonParser.parseString(Files.readString(inv)).getAsJsonObject().getAsJsonObject("parts");
            if (parts != null) {
                for (String name : parts.keySet()) {
                    JsonObject part = parts.getAsJsonObject(name);
                    if (part.has("sha256") && part.has("bytes") && Files.exists(dir.resolve(name))
                            && Files.size(dir.resolve(name)) == part.get("bytes").getAsLong()) {
                        out.put(name, part.get("sha256").getAsString());
                    }
                }
            }
        } catch (IOException | RuntimeException e) {
            out.clear(); // unreadable: every file is hashed on the way out
        }
        return out;
    }

    private List<Path> files() {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(Files::isRegularFile).filter(p -> !p.getFileName().toString().endsWith(".tmp")).sorted().toList();
        } catch (IOException e) {
            throw new VosException(500, "transfer-failed", "cannot list the image " + dir + ": " + e.getMessage(), null, e);
        }
    }

    private static long size(Path p) {
        try {
            return Files.size(p);
        } catch (IOException e) {
            throw new VosException(500, "transfer-failed", "cannot read " + p + ": " + e.getMessage(), null, e);
        }
    }

    static InetSocketAddress parse(String address) {
        int i = address == null ? -1 : address.lastIndexOf(':');
        if (i <= 0) {
            throw VosException.badRequest("bad-address", "a transfer address is host:port, not " + address);
        }
        String host = address.substring(0, i).replace("[", "").replace("]", "");
        return new InetSocketAddress(host, Integer.parseInt(address.substring(i + 1)));
    }
}
