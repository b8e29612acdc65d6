package org.vos.manager.internal;

import java.security.SecureRandom;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HexFormat;
import java.util.List;
import java.util.function.Function;

import org.vos.api.domain.VosException;
import org.vos.api.model.MigrateRequest;
import org.vos.api.model.MigrationInfo;
import org.vos.api.model.ProcessInfo;
import org.vos.api.model.RestoreRequest;
import org.vos.client.VosClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The manager's side of migrations (docs/migration.md): each one is a transaction between two
 * executives. The manager checks both hosts, issues a one-time transfer token, tells the target
 * to expect a stream with it, then tells the source to migrate to the target's transfer address.
 * The source freezes, streams, and lets its frozen copy go only once the target restored the
 * program; else it resumes it. Every migration is recorded with its phase timings.
 */
final class Migrations {
    private static final Logger LOG = LoggerFactory.getLogger(Migrations.class);
    private static final int KEEP = 1000;

    private final Executives executives;
    private final Function<String, String> ownerHost;
    private final Deque<MigrationInfo> log = new ArrayDeque<>();
    private final SecureRandom random = new SecureRandom();

    /** Where the records are kept across manager restarts; null: memory only. */
    private final java.nio.file.Path file;
    private final com.google.gson.Gson gson = new com.google.gson.Gson();

    Migrations(Executives executives, Function<String, String> ownerHost) {
        this(executives, ownerHost, null);
    }

    Migrations(Executives executives, Function<String, String> ownerHost, java.nio.file.Path file) {
        this.executives = executives;
        this.ownerHost = ownerHost;
        this.file = file;
        load();
    }

    private void load() {
        if (file == null || !java.nio.file.Files.isRegularFile(file)) {
            return;
        }
        try {
            MigrationInfo[] kept = gson.fromJson(java.nio.file.Files.readString(file), MigrationInfo[].class);
            if (kept != null) {
                log.addAll(java.util.Arrays.asList(kept));
            }
        } catch (java.io.IOException | RuntimeException e) {
            LOG.warn("migration records in {} are unreadable, starting without them: {}", file, e.getMessage());
        }
    }

    /** Writes every record (tmp + rename); a failure costs only the history. */
    private void save() {
        if (file == null) {
            return;
        }
        synchronized (log) {
            try {
                java.nio.file.Files.createDirectories(file.getParent());
                java.nio.file.Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
                java.nio.file.Files.writeString(tmp, gson.toJson(log));
                java.nio.file.Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            } catch (java.io.IOException e) {
                LOG.warn("cannot keep the migration records in {}: {}", file, e.getMessage());
            }
        }
    }

    List<MigrationInfo> list() {
        synchronized (log) {
            return new ArrayList<>(log);
        }
    }

    MigrationInfo migrate(String id, MigrateRequest request) {
        if (request == null || request.to == null || request.to.isBlank()) {
            throw VosException.badRequest("bad-request", "a migration needs a target host (--to H)");
        }
        MigrationInfo m = start(id, request.to, request.strategy);
        long t0 = System.nanoTime();
        String token = null;
        VosClient target = null;
        try {
            target = executives.client(request.to); // unknown-host 404, host-down 503: nothing touched
            m.from = ownerHost.apply(id);
            if (m.from.equals(request.to)) {
                throw VosException.badRequest("same-host", "process " + id + " already runs on " + request.to);
            }
            VosClient source = executives.client(m.from);
            token = token();
            MigrateRequest expect = new MigrateRequest();
            expect.role = "expect";
            expect.token = token;
            expect.migrationId = m.id;
            expect.strategy = m.strategy;
            expect.to = request.to;
            MigrationInfo ready = target.migrate(id, expect);
            m.address = ready.address;
            m.phase = "freeze";
            MigrateRequest go = new MigrateRequest();
            go.to = request.to;
            go.strategy = m.strategy;
            go.token = token;
            go.address = ready.address;
            go.migrationId = m.id;
            MigrationInfo r = source.migrate(id, go);
            copy(r, m);
            if ("failed".equals(m.state)) {
                cancel(target, id, token, m);
                LOG.warn("migration {} of {} from {} to {} failed in {}: {}", m.id, id, m.from, m.to, m.phase, m.error);
            } else {
                LOG.info("migration {} of {} from {} to {} done: downtime {} ms", m.id, id, m.from, m.to, m.downtimeMs);
            }
            return m;
        } catch (VosException e) {
            m.state = "failed";
            m.error = e.getMessage();
            m.errorCode = e.code();
            if (token != null && target != null) {
                cancel(target, id, token, m);
            }
            throw e;
        } finally {
            m.totalMs = (System.nanoTime() - t0) / 1_000_000;
            save();
        }
    }

    /** {@code vos restore --dir D --host H} for an image written on another host: it travels over TCP first. */
    ProcessInfo moveImage(RestoreRequest request, String from, String to) {
        MigrationInfo m = start(null, to, "image");
        m.from = from;
        long t0 = System.nanoTime();
        VosClient target = null;
        String token = null;
        try {
            target = executives.client(to);
            VosClient source = executives.client(from);
            token = token();
            MigrateRequest expect = new MigrateRequest();
            expect.role = "expect";
            expect.token = token;
            expect.migrationId = m.id;
            expect.to = to;
            m.address = target.migrate("image", expect).address;
            m.phase = "transfer";
            MigrateRequest send = new MigrateRequest();
            send.role = "send-image";
            send.dir = request.dir;
            send.token = token;
            send.address = m.address;
            send.migrationId = m.id;
            send.to = to;
            MigrationInfo r = source.migrate("image", send);
            copy(r, m);
            if ("failed".equals(m.state)) {
                throw new VosException(422, m.errorCode == null ? "transfer-failed" : m.errorCode,
                        "moving image " + request.dir + " from " + from + " to " + to + " failed: " + m.error);
            }
            return target.get(r.processId);
        } catch (VosException e) {
            m.state = "failed";
            m.error = m.error == null ? e.getMessage() : m.error;
            m.errorCode = m.errorCode == null ? e.code() : m.errorCode;
            if (target != null && token != null) {
                cancel(target, "image", token, m);
            }
            throw e;
        } finally {
            m.totalMs = (System.nanoTime() - t0) / 1_000_000;
            save();
        }
    }

    private MigrationInfo start(String processId, String to, String strategy) {
        MigrationInfo m = new MigrationInfo();
        m.id = "m" + HexFormat.of().formatHex(bytes(5));
        m.processId = processId;
        m.to = to;
        m.strategy = strategy == null || strategy.isBlank() ? "full" : strategy;
        m.state = "running";
        m.phase = "check";
        m.startedAt = System.currentTimeMillis();
        synchronized (log) {
            log.addLast(m);
            while (log.size() > KEEP) {
                log.removeFirst();
            }
        }
        return m;
    }

    private static void copy(MigrationInfo r, MigrationInfo m) {
        m.state = r.state;
        m.phase = r.phase;
        m.error = r.error;
        m.errorCode = r.errorCode;
        m.freezeMs = r.freezeMs;
        m.dumpMs = r.dumpMs;
        m.transferMs = r.transferMs;
        m.restoreMs = r.restoreMs;
        m.downtimeMs = r.downtimeMs;
        m.imageBytes = r.imageBytes;
        m.hostPid = r.hostPid;
        if (r.processId != null && m.processId == null) {
            m.processId = r.processId;
        }
    }

    /** The target forgets the token (a no-op when the stream came and went). */
    private static void cancel(VosClient target, String id, String token, MigrationInfo m) {
        try {
            MigrateRequest c = new MigrateRequest();
            c.role = "cancel";
            c.token = token;
            c.migrationId = m.id;
            target.migrate(id, c);
        } catch (VosException e) {
            // the target is down: its expectation expires on its own
        }
    }

    private String token() {
        return HexFormat.of().formatHex(bytes(32));
    }

    private byte[] bytes(int n) {
        byte[] b = new byte[n];
        random.nextBytes(b);
        return b;
    }
}
