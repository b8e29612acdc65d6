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
import org.vos.api.domain.Processes;
import org.vos.api.domain.VosException;
import org.vos.api.engine.CheckpointResult;
import org.vos.api.engine.Engine;
import org.vos.api.engine.LaunchSpec;
import org.vos.api.engine.ManagedProcess;
import org.vos.api.model.CheckpointRequest;
import org.vos.api.model.ImageInfo;
import org.vos.api.model.MigrateRequest;
import org.vos.api.model.MigrationInfo;
import org.vos.api.model.ProcessInfo;
import org.vos.api.model.RestoreRequest;
import org.vos.api.model.RunRequest;

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

    @Override
    public MigrationInfo migrate(String id, MigrateRequest request) {
        throw VosException.notAvailable("migration between hosts");
    }

    @Override
    public List<MigrationInfo> migrations() {
        return List.of();
    }

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
        info.state = "running".equals(p.state) ? "running" : "exited";
        info.exitCode = p.exitCode;
        info.command = new ArrayList<>(p.command);
        info.startedAt = e.startedAt;
        info.rssBytes = "running".equals(p.state) ? rss(p.hostPid) : 0;
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
