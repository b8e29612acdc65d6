package org.vos.migration.internal;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.WritableByteChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.vos.api.migration.Transfers.FileIdentity;

import com.google.gson.Gson;

/**
 * The transfer protocol (docs/migration.md): the magic {@code VOSXFER1}, then frames of one type
 * byte, a 4-byte big-endian length and a JSON body; a {@code F} frame is followed by the file's
 * raw bytes. Source: H (header, token) → target K (go on) or R (refused); per file F + bytes + S
 * (its SHA-256); E (end) → target R (restored or failed) → source A (commit) or X (abort).
 */
final class Wire {
    static final byte[] MAGIC = "VOSXFER1".getBytes(StandardCharsets.US_ASCII);
    static final byte HEADER = 'H', GO = 'K', FILE = 'F', SUM = 'S', END = 'E', REPLY = 'R', COMMIT = 'A', ABORT = 'X';
    static final int MAX_FRAME = 4 << 20;
    static final Gson GSON = new Gson();

    private Wire() {
    }

    static final class Header {
        String token;
        String migrationId;
        List<FileEntry> files = new ArrayList<>();
        List<FileIdentity> mapped = new ArrayList<>();
    }

    static final class FileEntry {
        String name;
        long size;
        String sha256;
        /**
         * The file is a part of the engine image whose SHA-256 the image's inventory.json holds
         * (itself sent with its own SHA-256): the target's engine verifies it before the program
         * runs, so it is not hashed a second time on the way.
         */
        boolean byInventory;

        FileEntry() {
        }

        FileEntry(String name, long size, String sha256) {
            this.name = name;
            this.size = size;
            this.sha256 = sha256;
        }
    }

    static final class Reply {
        boolean ok;
        String code;
        String error;
        long restoreMs;
        Map<String, String> answer = new LinkedHashMap<>();

        static Reply fail(String code, String error) {
            Reply r = new Reply();
            r.code = code;
            r.error = error;
            return r;
        }
    }

    record Frame(byte type, String json) {
        <T> T as(Class<T> t) {
            return GSON.fromJson(json, t);
        }
    }

    static void write(WritableByteChannel ch, byte type, Object body) throws IOException {
        byte[] json = GSON.toJson(body == null ? Map.of() : body).getBytes(StandardCharsets.UTF_8);
        ByteBuffer b = ByteBuffer.allocate(5 + json.length);
        b.put(type).putInt(json.length).put(json).flip();
        while (b.hasRemaining()) {
            ch.write(b);
        }
    }

    static Frame read(DataInputStream in) throws IOException {
        int type = in.read();
        if (type < 0) {
            throw new EOFException("stream ended");
        }
        int len = in.readInt();
        if (len < 0 || len > MAX_FRAME) {
            throw new IOException("frame of " + len + " bytes is not a vos transfer frame");
        }
        byte[] b = new byte[len];
        in.readFully(b);
        return new Frame((byte) type, new String(b, StandardCharsets.UTF_8));
    }

    /** A part name the receiver accepts: one plain file name, no path. */
    static boolean plainName(String n) {
        return n != null && !n.isEmpty() && n.length() < 200 && !n.contains("/") && !n.contains("\\")
                && !n.equals(".") && !n.equals("..") && n.chars().noneMatch(c -> c < 0x20);
    }
}
