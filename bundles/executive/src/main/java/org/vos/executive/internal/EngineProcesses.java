package org.vos.executive.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;

import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.vos.api.domain.Processes;
import org.vos.api.domain.VosException;
import org.vos.api.engine.CheckpointResult;
import org.vos.api.engine.Engine;
import org.vos.api.engine.ImageSummary;
import org.vos.api.engine.LaunchSpec;
import org.vos.api.engine.ManagedProcess;
import org.vos.api.migration.Transfers;
import org.vos.api.model.CheckpointRequest;
import org.vos.api.model.ImageInfo;
import org.vos.api.model.MigrateRequest;
import org.vos.api.model.MigrationInfo;
import org.vos.api.model.ProcessInfo;
import org.vos.api.model.RestoreRequest;
import org.vos.api.model.RunRequest;
import org.vos.api.strategy.MigrationStrategy;

/**
 * The executive's managed processes, backed by the engine: gives each program a short stable vos
 * id and a log file the executive owns, and carries both through checkpoint and restore (the id
 * and the output so far are written beside the engine's image, see docs/image-format.md).
 */
@Component(service = Processes.class, configurationPid = ExecutiveConfig.PID, configurationPolicy = ConfigurationPolicy.OPTIONAL)
public class EngineProcesses implements Processes {
    /** Written into every image directory next to the engine's files. */
    static final String IDENTITY = "vos-process.properties";
    /** The program's output up to the checkpoint, so `vos logs` stays one stream. */
    static final String OUTPUT = "vos-output.log";

    private final Engine engine;
    private final Self self;
    private final Path logs;
    private final Map<String, Entry> entries = new ConcurrentHashMap<>();
    private final SecureRandom random = new SecureRandom();

    /** What the executive knows of one program beyond the engine's view. */
    private record Entry(String id, String name, long startedAt, ManagedProcess process, boolean checkpointed) {
    }

    @Activate
    public EngineProcesses(ExecutiveConfig config, BundleContext context, @Reference Engine engine) {
        this(engine, Self.of(config, context::getProperty));
    }

    EngineProcesses(Engine engine, Self self) {
        this.engine = engine;
        this.self = self;
        this.logs = Path.of(self.dataDir(), "logs");
    }

    @Override
    public List<ProcessInfo> list() {
        List<ProcessInfo> out = new ArrayList<>();
        entries.values().stream().sorted((a, b) -> Long.compare(a.startedAt, b.startedAt))
                .forEach(e -> out.add(describe(e)));
        return out;
    }

    @Override
    public ProcessInfo get(String id) {
        return describe(entry(id));
    }

    @Override
    public ProcessInfo run(RunRequest request) {
        if (request.command == null || request.command.isEmpty()) {
            throw VosException.badRequest("no-command", "nothing to run: the command is empty");
        }
        if (request.tty) {
            throw VosException.notAvailable("a terminal for the program (--tty)");
        }
        String id = newId();
        LaunchSpec spec = LaunchSpec.of(logFile(id).toString(), request.command.toArray(String[]::new));
        spec.cwd = request.cwd;
        if (request.env != null && !request.env.isEmpty()) {
            Map<String, String> env = new java.util.LinkedHashMap<>(System.getenv());
            env.putAll(request.env);
            spec.env = env;
        }
        createLogDir();
        ManagedProcess p = engine.launch(spec);
        String name = request.name != null && !request.name.isBlank() ? request.name
                : Path.of(request.command.get(0)).getFileName().toString();
        Entry e = new Entry(id, name, p.startedAt, p, false);
        entries.put(id, e);
        return describe(e);
    }

    @Override
    public ImageInfo checkpoint(String id, CheckpointRequest request) {
        if (request == null || request.dir == null || request.dir.isBlank()) {
            throw VosException.badRequest("no-dir", "checkpoint needs --dir DIR");
        }
        Path dir = Path.of(request.dir);
        if (!dir.isAbsolute()) {
            throw VosException.badRequest("relative-dir", "image directory must be an absolute path on host " + self.name() + ": " + request.dir);
        }
        Entry e = request.pid > 0 && (id == null || id.isBlank()) ? null : entry(id);
        long hostPid = e != null ? e.process.hostPid : request.pid;
        CheckpointResult r = engine.checkpoint(hostPid, dir, request.leaveRunning);
        String imageId = e != null ? e.id : newId();
        String name = e != null ? e.name : "pid" + request.pid;
        try {
            Properties identity = new Properties();
            identity.setProperty("id", imageId);
            identity.setProperty("name", name);
            identity.setProperty("startedAt", Long.toString(e != null ? e.startedAt : System.currentTimeMillis()));
            identity.setProperty("host", self.name());
            try (OutputStream out = Files.newOutputStream(dir.resolve(IDENTITY))) {
                identity.store(out, "vos process identity (executive)");
            }
            if (e != null && Files.exists(logFile(e.id))) {
                Files.copy(logFile(e.id), dir.resolve(OUTPUT), StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException ex) {
            throw new VosException(500, "checkpoint-failed", "image written but its identity could not be saved in " + dir + ": " + ex.getMessage(), null, ex);
        }
        if (e != null && !request.leaveRunning) {
            entries.put(e.id, new Entry(e.id, e.name, e.startedAt, engine.inspect(hostPid), true));
        }
        ImageInfo info = new ImageInfo();
        info.dir = r.dir;
        info.host = self.name();
        info.processId = imageId;
        info.bytes = r.bytes;
        info.freezeMs = r.freezeMs;
        info.dumpMs = r.dumpMs;
        info.createdAt = System.currentTimeMillis();
        info.formatVersion = engine.inspectImage(dir).formatVersion;
        return info;
    }

    @Override
    public ImageSummary image(String host, String dir) {
        if (host != null && !host.isBlank() && !host.equals(self.name())) {
            throw VosException.notFound("unknown-host", "no host named " + host + " here: this executive is " + self.name());
        }
        Path d = Path.of(dir);
        if (!d.isAbsolute() || !Files.isDirectory(d)) {
            throw VosException.notFound("no-image", "no image directory " + dir + " on host " + self.name());
        }
        return engine.inspectImage(d);
    }

    @Override
    public ProcessInfo restore(RestoreRequest request) {
        if (request == null || request.dir == null || request.dir.isBlank()) {
            throw VosException.badRequest("no-dir", "restore needs --dir DIR");
        }
        Path dir = Path.of(request.dir);
        if (!Files.isDirectory(dir)) {
            throw VosException.notFound("no-image", "no image directory " + dir + " on host " + self.name());
        }
        Properties identity = new Properties();
        Path idFile = dir.resolve(IDENTITY);
        if (Files.exists(idFile)) {
            try (InputStream in = Files.newInputStream(idFile)) {
                identity.load(in);
            } catch (IOException ex) {
                throw new VosException(422, "image-corrupt", "cannot read " + idFile + ": " + ex.getMessage(), null, ex);
            }
        }
        String id = identity.getProperty("id");
        Entry previous = id == null ? null : entries.get(id);
        if (id == null || previous != null && "running".equals(engine.inspect(previous.process.hostPid).state)) {
            id = newId(); // the image's program still runs here: the copy gets an id of its own
        }
        createLogDir();
        Path log = logFile(id);
        try {
            if (!Files.exists(log) && Files.exists(dir.resolve(OUTPUT))) {
                Files.copy(dir.resolve(OUTPUT), log);
            }
        } catch (IOException ex) {
            throw new VosException(500, "restore-failed", "cannot carry the program's log over: " + ex.getMessage(), null, ex);
        }
        ManagedProcess p = engine.restore(dir, log);
        String name = identity.getProperty("name", p.command.isEmpty() ? id : Path.of(p.command.get(0)).getFileName().toString());
        long startedAt = Long.parseLong(identity.getProperty("startedAt", Long.toString(p.startedAt)));
        Entry e = new Entry(id, name, startedAt, p, false);
        entries.put(id, e);
        return describe(e);
    }

    // --- migration between hosts (docs/migration.md) ----------------------------------------

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    private volatile Transfers transfers;
    private final Map<String, MigrationStrategy> strategies = new ConcurrentHashMap<>();
    private final java.util.Deque<MigrationInfo> history = new java.util.concurrent.ConcurrentLinkedDeque<>();
    private final java.util.Set<String> migrating = ConcurrentHashMap.newKeySet();

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addStrategy(MigrationStrategy s, Map<String, Object> props) {
        Object name = props.get(MigrationStrategy.NAME);
        strategies.put(name == null ? s.name() : name.toString(), s);
    }

    void removeStrategy(MigrationStrategy s, Map<String, Object> props) {
        strategies.values().remove(s);
    }

    /** For tests: the transfer service the component would get from the registry. */
    void setTransfers(Transfers t) {
        this.transfers = t;
    }

    /**
     * The executive's part of a migration, chosen by {@link MigrateRequest#role}: {@code expect}
     * (target: accept one stream), {@code cancel}, {@code send-image} (ship an image at rest), or
     * none: freeze, dump, stream and hand over the process, resuming it here on any failure.
     */
    @Override
    public MigrationInfo migrate(String id, MigrateRequest request) {
        if (request == null) {
            throw VosException.badRequest("bad-request", "a migration needs a request body");
        }
        String role = request.role == null ? "" : request.role;
        return switch (role) {
            case "expect" -> expect(id, request);
            case "cancel" -> {
                MigrationInfo m = record(request.migrationId, id, null, self.name(), request.strategy);
                m.state = transfers().cancel(request.token) ? "cancelled" : "unknown";
                yield m;
            }
            case "send-image" -> sendImage(request);
            case "" -> migrateOut(id, request);
            default -> throw VosException.badRequest("bad-role", "unknown migration role " + role);
        };
    }

    @Override
    public List<MigrationInfo> migrations() {
        List<MigrationInfo> out = new ArrayList<>(history);
        out.sort((a, b) -> Long.compare(a.startedAt, b.startedAt));
        return out;
    }

    private Transfers transfers() {
        Transfers t = transfers;
        if (t == null) {
            throw VosException.notAvailable("migration on host " + self.name() + " (bundle org.vos.migration is not active)");
        }
        return t;
    }

    private MigrationInfo record(String migrationId, String processId, String from, String to, String strategy) {
        MigrationInfo m = new MigrationInfo();
        m.id = migrationId == null || migrationId.isBlank() ? "m-" + newId() : migrationId;
        m.processId = processId;
        m.from = from;
        m.to = to;
        m.strategy = strategy == null || strategy.isBlank() ? "full" : strategy;
        m.state = "running";
        m.phase = "check";
        m.startedAt = System.currentTimeMillis();
        history.addLast(m);
        while (history.size() > 500) {
            history.pollFirst();
        }
        return m;
    }

    /** Target: accept one stream with the manager's token; restore what arrives under the same vos id. */
    private MigrationInfo expect(String id, MigrateRequest request) {
        Transfers t = transfers();
        MigrationInfo m = record(request.migrationId, id, request.to == null ? null : null, self.name(), request.strategy);
        t.expect(request.token, m.id, java.time.Duration.ofSeconds(60), new Transfers.Receiver() {
            @Override
            public Map<String, String> restore(Path dir) {
                m.phase = "restore";
                ProcessInfo p = receive(dir);
                m.processId = p.id;
                m.hostPid = p.hostPid;
                m.state = "done";
                m.phase = "done";
                return Map.of("id", p.id, "hostPid", Long.toString(p.hostPid), "pid", Long.toString(p.pid), "host", self.name());
            }

            @Override
            public void abort(Map<String, String> restored) {
                m.state = "failed";
                m.error = "the source did not commit: the restored copy was removed";
                Entry e = entries.remove(restored.get("id"));
                if (e != null) {
                    try {
                        engine.kill(e.process.hostPid);
                    } catch (VosException ex) {
                        // gone already
                    }
                    deleteQuietly(logFile(e.id));
                }
            }
        });
        m.state = "expecting";
        m.address = t.address();
        return m;
    }

    /** Restores a migrated image keeping its vos id; its log replaces whatever log of that id was here. */
    private ProcessInfo receive(Path dir) {
        Properties identity = identity(dir);
        String id = identity.getProperty("id");
        if (id == null) {
            throw new VosException(422, "image-corrupt", "the image carries no vos identity (" + IDENTITY + ")");
        }
        Entry previous = entries.get(id);
        if (previous != null && "running".equals(engine.inspect(previous.process.hostPid).state)) {
            throw new VosException(409, "process-exists", "process " + id + " already runs on host " + self.name());
        }
        createLogDir();
        Path log = logFile(id);
        try {
            if (Files.exists(dir.resolve(OUTPUT))) {
                Files.copy(dir.resolve(OUTPUT), log, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException ex) {
            throw new VosException(500, "restore-failed", "cannot carry the program's log over: " + ex.getMessage(), null, ex);
        }
        ManagedProcess p = engine.restore(dir, log);
        String name = identity.getProperty("name", id);
        long startedAt = Long.parseLong(identity.getProperty("startedAt", Long.toString(p.startedAt)));
        Entry e = new Entry(id, name, startedAt, p, false);
        entries.put(id, e);
        return describe(e);
    }

    private static Properties identity(Path dir) {
        Properties identity = new Properties();
        Path idFile = dir.resolve(IDENTITY);
        if (Files.exists(idFile)) {
            try (InputStream in = Files.newInputStream(idFile)) {
                identity.load(in);
            } catch (IOException ex) {
                throw new VosException(422, "image-corrupt", "cannot read " + idFile + ": " + ex.getMessage(), null, ex);
            }
        }
        return identity;
    }

    /**
     * Source: freeze and dump into a private staging dir, stream it, and let the frozen copy go
     * only once the target reports the program restored; on any failure before that, the program
     * continues here where it was.
     */
    private MigrationInfo migrateOut(String id, MigrateRequest request) {
        Transfers t = transfers();
        Entry e = entry(id);
        if (request.token == null || request.address == null) {
            throw VosException.badRequest("bad-request", "a migration is driven by the manager (it gives the target's address and a transfer token)");
        }
        String sname = request.strategy == null || request.strategy.isBlank() ? "full" : request.strategy;
        MigrationStrategy strategy = strategies.get(sname);
        if (strategy == null) {
            throw new VosException(404, "unknown-strategy", "no migration strategy " + sname + " on host " + self.name()
                    + " (installed: " + String.join(", ", new java.util.TreeSet<>(strategies.keySet())) + ")");
        }
        long hostPid = e.process.hostPid;
        if (!"running".equals(engine.inspect(hostPid).state)) {
            throw new VosException(409, "not-running", "process " + id + " is not running on host " + self.name());
        }
        if (!migrating.add(id)) {
            throw new VosException(409, "migrating", "process " + id + " is being migrated already");
        }
        MigrationInfo m = record(request.migrationId, id, self.name(), request.to, sname);
        Path stage = Path.of(self.dataDir(), "outgoing", m.id);
        boolean[] state = new boolean[3]; // frozen, killed (staged copy only), discarded
        long t0 = System.nanoTime();
        long[] frozenAt = {0, 0}; // freeze started, target's program running
        try {
            List<Transfers.FileIdentity> mapped = t.mappedFiles(hostPid, null);
            m.phase = "connect";
            Transfers.Receipt rc = t.send(request.address, request.token, m.id, mapped, () -> {
                m.phase = "freeze";
                Files.createDirectories(stage.getParent());
                frozenAt[0] = System.nanoTime();
                CheckpointResult r;
                try {
                    r = engine.freeze(hostPid, stage, strategy);
                    state[0] = true;
                } catch (VosException x) {
                    if (x.status() != 501) {
                        throw x;
                    }
                    r = engine.checkpoint(hostPid, stage, false); // engine without freeze: the staged image is the way back
                    state[1] = true;
                }
                m.freezeMs = r.freezeMs;
                m.dumpMs = r.dumpMs;
                m.phase = "transfer";
                writeIdentity(stage, e);
                return stage;
            }, () -> {
                frozenAt[1] = System.nanoTime(); // the target answered: the program runs there now
                m.phase = "commit";
                if (state[0]) {
                    engine.discard(hostPid);
                }
                state[2] = true;
            });
            m.downtimeMs = (frozenAt[1] - frozenAt[0]) / 1_000_000;
            m.transferMs = rc.transferMs;
            m.restoreMs = rc.restoreMs;
            m.imageBytes = rc.bytes;
            m.hostPid = Long.parseLong(rc.answer.getOrDefault("hostPid", "0"));
            entries.remove(id);
            deleteQuietly(logFile(id));
            m.state = "done";
            m.phase = "done";
        } catch (RuntimeException ex) {
            m.state = "failed";
            m.error = ex.getMessage();
            m.errorCode = ex instanceof VosException v ? v.code() : "migration-failed";
            m.hostPid = hostPid;
            if (!state[2]) {
                comeBack(m, e, stage, state);
            } else {
                m.error += " (after the target restored it: the program runs on " + request.to + " unless the target undid it)";
                entries.remove(id);
            }
        } finally {
            ImageFiles.delete(stage);
            migrating.remove(id);
            m.totalMs = (System.nanoTime() - t0) / 1_000_000;
        }
        return m;
    }

    /** After a failed migration: the frozen program runs on; a staged-only copy is restored here. */
    private void comeBack(MigrationInfo m, Entry e, Path stage, boolean[] state) {
        try {
            if (state[0]) {
                engine.resume(e.process.hostPid);
            } else if (state[1]) {
                ManagedProcess p = engine.restore(stage, logFile(e.id));
                entries.put(e.id, new Entry(e.id, e.name, e.startedAt, p, false));
                m.hostPid = p.hostPid;
            }
        } catch (RuntimeException ex) {
            m.error += "; and the program could not continue on " + self.name() + ": " + ex.getMessage();
        }
    }

    /** The vos identity and the output so far, beside the engine's image. */
    private void writeIdentity(Path dir, Entry e) throws IOException {
        Properties identity = new Properties();
        identity.setProperty("id", e.id);
        identity.setProperty("name", e.name);
        identity.setProperty("startedAt", Long.toString(e.startedAt));
        identity.setProperty("host", self.name());
        try (OutputStream out = Files.newOutputStream(dir.resolve(IDENTITY))) {
            identity.store(out, "vos process identity (executive)");
        }
        if (Files.exists(logFile(e.id))) {
            Files.copy(logFile(e.id), dir.resolve(OUTPUT), StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /** Ships an image at rest in {@code request.dir} to another host, which restores it (vos restore --host). */
    private MigrationInfo sendImage(MigrateRequest request) {
        Transfers t = transfers();
        if (request.dir == null || !Path.of(request.dir).isAbsolute() || !Files.isDirectory(Path.of(request.dir))) {
            throw VosException.notFound("no-image", "no image directory " + request.dir + " on host " + self.name());
        }
        Path dir = Path.of(request.dir);
        MigrationInfo m = record(request.migrationId, identity(dir).getProperty("id"), self.name(), request.to, "full");
        long t0 = System.nanoTime();
        try {
            engine.inspectImage(dir); // a corrupt image is refused here, not after it travelled
            m.phase = "transfer";
            Transfers.Receipt rc = t.send(request.address, request.token, m.id, ImageFiles.mapped(dir, t), () -> dir, () -> { });
            m.transferMs = rc.transferMs;
            m.restoreMs = rc.restoreMs;
            m.imageBytes = rc.bytes;
            m.processId = rc.answer.getOrDefault("id", m.processId);
            m.hostPid = Long.parseLong(rc.answer.getOrDefault("hostPid", "0"));
            Entry stopped = m.processId == null ? null : entries.get(m.processId);
            if (stopped != null && !"running".equals(engine.inspect(stopped.process.hostPid).state)) {
                entries.remove(stopped.id); // its checkpointed program lives on the other host now
                deleteQuietly(logFile(stopped.id));
            }
            m.state = "done";
            m.phase = "done";
        } catch (RuntimeException ex) {
            m.state = "failed";
            m.error = ex.getMessage();
            m.errorCode = ex instanceof VosException v ? v.code() : "transfer-failed";
        } finally {
            m.totalMs = (System.nanoTime() - t0) / 1_000_000;
        }
        return m;
    }

    private static void deleteQuietly(Path p) {
        try {
            Files.deleteIfExists(p);
        } catch (IOException e) {
            // best effort
        }
    }

    /** The interceptor (bundle org.vos.interceptor), for the hook sets of each process; optional. */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    private volatile org.vos.api.hook.Interceptor interceptor;

    @Override
    public void kill(String id) {
        Entry e = entry(id);
        if ("running".equals(engine.inspect(e.process.hostPid).state)) {
            engine.kill(e.process.hostPid);
        }
    }

    @Override
    public byte[] logs(String id, long offset) {
        Entry e = entry(id);
        Path log = logFile(e.id);
        if (!Files.exists(log)) {
            return new byte[0];
        }
        try (RandomAccessFile f = new RandomAccessFile(log.toFile(), "r")) {
            long from = Math.max(0, Math.min(offset, f.length()));
            byte[] out = new byte[(int) Math.min(f.length() - from, 16 << 20)];
            f.seek(from);
            f.readFully(out);
            return out;
        } catch (IOException ex) {
            throw new VosException(500, "log-unreadable", "cannot read the log of " + id + ": " + ex.getMessage(), null, ex);
        }
    }

    private Entry entry(String id) {
        Entry e = id == null ? null : entries.get(id);
        if (e == null) {
            throw VosException.notFound("unknown-process", "no process " + id + " on host " + self.name());
        }
        return e;
    }

    private ProcessInfo describe(Entry e) {
        ManagedProcess p = engine.inspect(e.process.hostPid);
        ProcessInfo info = new ProcessInfo();
        info.id = e.id;
        info.name = e.name;
        info.host = self.name();
        info.pid = p.nsPid;
        info.hostPid = p.hostPid;
        info.state = "running".equals(p.state) ? (migrating.contains(e.id) ? "migrating" : "running") : "exited";
        info.exitCode = p.exitCode;
        info.command = new ArrayList<>(p.command);
        info.startedAt = e.startedAt;
        info.rssBytes = "running".equals(p.state) ? rss(p.hostPid) : 0;
        org.vos.api.hook.Interceptor ic = interceptor;
        if (ic != null && "running".equals(p.state)) {
            info.hooks = new ArrayList<>(ic.hookSets(p.hostPid)); // hook sets active on it (docs/interception.md)
        }
        return info;
    }

    private static long rss(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
                }
            }
        } catch (IOException | NumberFormatException e) {
            // gone between inspect and read: no memory to report
        }
        return 0;
    }

    private Path logFile(String id) {
        return logs.resolve(id + ".log");
    }

    private void createLogDir() {
        try {
            Files.createDirectories(logs);
        } catch (IOException ex) {
            throw new VosException(500, "data-dir", "cannot create " + logs + ": " + ex.getMessage(), null, ex);
        }
    }

    private String newId() {
        String alphabet = "0123456789abcdefghijklmnopqrstuvwxyz";
        while (true) {
            StringBuilder s = new StringBuilder(8);
            for (int i = 0; i < 8; i++) {
                s.append(alphabet.charAt(random.nextInt(alphabet.length())));
            }
            if (!entries.containsKey(s.toString())) {
                return s.toString();
            }
        }
    }
}
