package org.vos.migration.internal;

import java.io.DataInputStream;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

import org.vos.api.domain.VosException;
import org.vos.migration.internal.Wire.FileEntry;
import org.vos.migration.internal.Wire.Frame;
import org.vos.migration.internal.Wire.Header;
import org.vos.migration.internal.Wire.Reply;

/** The target's side of one connection: check the token, receive and verify, restore, await the commit. */
final class Receiving {
    private static final System.Logger LOG = System.getLogger(Receiving.class.getName());

    /** A refusal that goes back to the source as a failed reply. */
    static final class Refused extends Exception {
        final String code;

        Refused(String code, String message) {
            super(message);
            this.code = code;
        }
    }

    private final TransferService service;
    private final TransferService.Settings settings;
    private final SocketChannel channel;
    private final DataInputStream in;
    private final String peer;
    private final String host;
    private final Path incoming;

    Receiving(TransferService service, TransferService.Settings settings, SocketChannel channel, DataInputStream in,
            String peer, String host, Path incoming) {
        this.service = service;
        this.settings = settings;
        this.channel = channel;
        this.in = in;
        this.peer = peer;
        this.host = host;
        this.incoming = incoming;
    }

    void run() throws IOException {
        byte[] magic = new byte[Wire.MAGIC.length];
        in.readFully(magic);
        if (!Arrays.equals(magic, Wire.MAGIC)) {
            LOG.log(Level.WARNING, "host {0} refused a connection from {1}: not a vos transfer", host, peer);
            return;
        }
        Frame f = Wire.read(in);
        Header h = f.type() == Wire.HEADER ? f.as(Header.class) : null;
        TransferService.Expected e = h == null || h.token == null ? null : service.take(h.token.getBytes(StandardCharsets.UTF_8));
        if (e == null) {
            LOG.log(Level.WARNING, "host {0} refused a stream from {1}: no transfer expected with its token", host, peer);
            reply(Reply.fail("transfer-refused", "host " + host + " expects no transfer with this token (unknown, used or expired)"));
            return;
        }
        String id = e.migrationId();
        Path dir = null;
        Map<String, String> restored = null;
        try {
            String diff = service.identities().firstDifference(h.mapped == null ? java.util.List.of() : h.mapped, host);
            if (diff != null) {
                throw new Refused("file-differs", diff);
            }
            dir = incoming.resolve((id == null ? "transfer" : id.replaceAll("[^A-Za-z0-9_-]", "_")) + "-" + System.nanoTime());
            Path staging = dir;
            store(() -> Files.createDirectories(staging));
            Wire.write(channel, Wire.GO, null);
            if (!receive(dir)) {
                LOG.log(Level.INFO, "migration {0}: the source gave up before sending the image", id);
                return;
            }
            long t0 = System.nanoTime();
            try {
                restored = e.receiver().restore(dir);
            } catch (VosException ex) {
                throw new Refused(ex.code(), "restore on host " + host + " failed: " + ex.getMessage());
            } catch (Exception ex) {
                throw new Refused("restore-failed", "restore on host " + host + " failed: " + ex);
            }
            Reply ok = new Reply();
            ok.ok = true;
            ok.restoreMs = (System.nanoTime() - t0) / 1_000_000;
            ok.answer.putAll(restored);
            reply(ok);
            channel.socket().setSoTimeout(settings.commitTimeoutMs());
            Frame last;
            try {
                last = Wire.read(in);
            } catch (IOException ex) {
                last = null;
            }
            if (last == null || last.type() != Wire.COMMIT) {
                LOG.log(Level.WARNING, "migration {0}: the source did not commit ({1}); host {2} undoes its restore", id,
                        last == null ? "stream ended" : "abort", host);
                e.receiver().abort(restored);
                restored = null;
                return;
            }
            LOG.log(Level.INFO, "migration {0}: committed on host {1}", id, host);
        } catch (Refused r) {
            LOG.log(Level.WARNING, "migration {0}: host {1} refused the stream from {2}: {3}", id, host, peer, r.getMessage());
            reply(Reply.fail(r.code, r.getMessage()));
            if (dir != null) {
                drain(); // the source is still sending: let it finish, then it reads why
            }
        } catch (IOException | RuntimeException ex) {
            LOG.log(Level.WARNING, "migration {0}: stream from {1} to host {2} failed: {3}", id, peer, host, ex.toString());
            if (restored != null) {
                e.receiver().abort(restored);
            }
            if (!(ex instanceof SocketTimeoutException) && !(ex instanceof IOException)) {
                reply(Reply.fail("transfer-failed", "host " + host + ": " + ex));
            }
        } finally {
            Staging.delete(dir);
        }
    }

    /** Bytes received so far, for the watchdog. */
    private volatile long progress;

    /** Receives the image files; false when the source aborted before sending any (its freeze failed). */
    private boolean receive(Path dir) throws IOException, Refused {
        java.util.concurrent.ScheduledFuture<?> dog = service.watch(channel, () -> progress, "stream from " + peer + " to host " + host);
        try {
            return receiveFiles(dir);
        } finally {
            dog.cancel(false);
        }
    }

    private boolean receiveFiles(Path dir) throws IOException, Refused {
        Set<String> seen = new HashSet<>();
        ByteBuffer buf = ByteBuffer.allocateDirect(1 << 20);
        while (true) {
            Frame f = Wire.read(in);
            if (f.type() == Wire.ABORT && seen.isEmpty()) {
                return false;
            }
            if (f.type() == Wire.END) {
                String[] names = f.as(String[].class);
                if (seen.isEmpty() || names == null || !seen.equals(new HashSet<>(Arrays.asList(names)))) {
                    throw new Refused("transfer-failed", "the stream ended without every image file it announced");
                }
                return true;
            }
            if (f.type() != Wire.FILE) {
                throw new Refused("transfer-failed", "unexpected frame " + (char) f.type() + " in the stream");
            }
            FileEntry fe = f.as(FileEntry.class);
            if (!Wire.plainName(fe.name) || fe.size < 0 || !seen.add(fe.name)) {
                throw new Refused("transfer-refused", "the stream sends a bad or repeated image file " + fe.name);
            }
            // the inventory itself and the executive's files are never taken on trust
            boolean engineVerifies = fe.byInventory && !fe.name.equals("inventory.json") && !fe.name.startsWith("vos-");
            MessageDigest md = engineVerifies ? null : FileIdentities.digest();
            try (FileChannel out = store(() -> FileChannel.open(dir.resolve(fe.name), StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE))) {
                long left = fe.size;
                while (left > 0) {
                    buf.clear();
                    buf.limit((int) Math.min(buf.capacity(), left));
                    int n = channel.read(buf); // no over-read: frames around the bytes stay in the socket
                    if (n < 0) {
                        throw new java.io.EOFException("stream cut in " + fe.name + " with " + left + " bytes to go");
                    }
                    progress += n;
                    buf.flip();
                    if (md != null) {
                        md.update(buf.duplicate());
                    }
                    while (buf.hasRemaining()) {
                        store(() -> out.write(buf));
                    }
                    left -= n;
                }
            }
            Frame sum = Wire.read(in);
            FileEntry s = sum.type() == Wire.SUM ? sum.as(FileEntry.class) : null;
            if (s == null || !fe.name.equals(s.name)) {
                throw new Refused("transfer-failed", "image file " + fe.name + " is not followed by its checksum");
            }
            if (md == null) {
                continue; // an engine part: the restore verifies it against the (verified) inventory
            }
            String got = java.util.HexFormat.of().formatHex(md.digest());
            if (!got.equals(s.sha256)) {
                throw new Refused("checksum-mismatch", "image file " + fe.name + " arrived on host " + host
                        + " with SHA-256 " + got.substring(0, 12) + "..., the source sent " + (s.sha256 == null ? "none"
                        : s.sha256.substring(0, Math.min(12, s.sha256.length())) + "...") + ": the stream was corrupted");
            }
        }
    }

    private interface Io<T> {
        T run() throws IOException;
    }

    /** A failure of the target's own disk (full, read-only) goes back to the source as a clear refusal. */
    private <T> T store(Io<T> op) throws Refused {
        try {
            return op.run();
        } catch (IOException e) {
            throw new Refused("no-space", "host " + host + " cannot store the image in " + incoming + ": "
                    + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()));
        }
    }

    /** Reads and drops what the source still sends until it ends (bounded by the I/O timeout). */
    private void drain() {
        try {
            channel.shutdownOutput();
            byte[] sink = new byte[1 << 16];
            while (in.read(sink) >= 0) {
                // dropped
            }
        } catch (IOException e) {
            // gone or timed out: done
        }
    }

    private void reply(Reply r) {
        try {
            Wire.write(channel, Wire.REPLY, r);
        } catch (IOException e) {
            // the source is gone; it resumes its copy on its own
        }
    }
}
