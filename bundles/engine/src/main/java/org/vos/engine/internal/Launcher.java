package org.vos.engine.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongPredicate;

import org.vos.api.domain.VosException;
import org.vos.linux.LinuxException;
import org.vos.linux.ProcFs;
import org.vos.linux.Sys;

/**
 * Starts vos-init with posix_spawn (no Java between fork and exec) and finds the processes it
 * made: the outer helper (our child, reaped here), the namespace's init and the program.
 */
final class Launcher {
    /** The processes of one launch or restore. */
    static final class Spawned {
        long outer;
        long init;
        long program;
        long wantedPid;
        final CompletableFuture<Integer> exit = new CompletableFuture<>();
    }

    private static final long TIMEOUT_NS = TimeUnit.SECONDS.toNanos(10);
    private final Path helper;
    private final ProcFs proc;

    Launcher(Path dataDir, ProcFs proc) {
        this.proc = proc;
        this.helper = extract(dataDir);
    }

    Path helper() {
        return helper;
    }

    private static Path extract(Path dataDir) {
        try (InputStream in = Launcher.class.getResourceAsStream("/native/vos-init")) {
            if (in == null) {
                throw new IllegalStateException("vos-init is missing from the engine bundle");
            }
            byte[] b = in.readAllBytes();
            String tag = HexFormat.of().formatHex(ImageStore.sha256().digest(b)).substring(0, 12);
            Files.createDirectories(dataDir);
            Path target = dataDir.resolve("vos-init-" + tag);
            if (!Files.isExecutable(target)) {
                Path tmp = Files.createTempFile(dataDir, "vos-init", ".tmp");
                Files.write(tmp, b);
                Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rwxr-xr-x"));
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            }
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot extract vos-init into " + dataDir, e);
        }
    }

    Spawned launch(List<String> command, String cwd, Map<String, String> env, String logFile) {
        return launch(command, cwd, env, logFile, false);
    }

    /** {@code stopped}: returns with the program stopped by itself before its exec (a filter goes in first). */
    Spawned launch(List<String> command, String cwd, Map<String, String> env, String logFile, boolean stopped) {
        List<String> argv = new ArrayList<>(List.of("vos-init", stopped ? "launch-stopped" : "launch", logFile,
                cwd == null ? "-" : cwd, "--"));
        argv.addAll(command);
        Spawned s;
        try {
            s = spawn(argv, env == null ? System.getenv() : env, false, 0);
        } catch (VosException e) {
            // everything ended before we saw the program: the log says why
            throw new VosException(400, "launch-failed", "cannot start " + command.get(0) + ": " + e.getMessage() + tail(logFile));
        }
        if (stopped) {
            await(s, p -> proc.state(p) == 'T', "stop of " + command.get(0) + " before its exec", logFile);
            return s;
        }
        // returns once the program has replaced the helper image
        boolean[] gone = new boolean[1];
        await(s, pid -> {
            try {
                return !proc.exe(pid).equals(helper.toString());
            } catch (LinuxException e) {
                gone[0] = true;
                return true;
            }
        }, "exec " + command.get(0), logFile);
        if (gone[0]) {
            // the child ended before its exec (no such command, bad cwd): say why
            try {
                Integer code = s.exit.get(5, TimeUnit.SECONDS);
                throw new VosException(400, "launch-failed", "cannot start " + command.get(0) + ": exit " + code + tail(logFile));
            } catch (java.util.concurrent.TimeoutException | java.util.concurrent.ExecutionException e) {
                throw new VosException(400, "launch-failed", "cannot start " + command.get(0) + tail(logFile));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new VosException(500, "interrupted", "interrupted while starting " + command.get(0));
            }
        }
        return s;
    }

    /** A placeholder at {@code pid}, stopped by itself before its exec of {@code exe}. */
    Spawned restore(String logFile, long monoOffset, long bootOffset, long pid, String exe, boolean host) {
        List<String> argv = new ArrayList<>(List.of("vos-init", "restore", logFile, Long.toString(monoOffset),
                Long.toString(bootOffset), Long.toString(pid), exe));
        if (host) {
            argv.add("host");
        }
        Spawned s = spawn(argv, Map.of(), host, pid);
        await(s, p -> proc.state(p) == 'T', "stop of the placeholder", logFile);
        return s;
    }

    private Spawned spawn(List<String> argv, Map<String, String> env, boolean host, long wantedPid) {
        List<String> envl = new ArrayList<>();
        env.forEach((k, v) -> envl.add(k + "=" + v));
        Spawned s = new Spawned();
        s.wantedPid = wantedPid;
        s.outer = Sys.spawn(helper.toString(), argv, envl);
        Thread reaper = new Thread(() -> {
            int[] r = Sys.waitpid(s.outer, 0);
            s.exit.complete(Sys.exitCode(r[1]));
        }, "vos-reaper-" + s.outer);
        reaper.setDaemon(true);
        reaper.start();
        if (host) {
            s.init = s.outer;
        } else {
            s.init = child(s, s.outer);
        }
        s.program = child(s, s.init);
        return s;
    }

    private long child(Spawned s, long parent) {
        long deadline = System.nanoTime() + TIMEOUT_NS;
        while (true) {
            try {
                List<Long> c = proc.children(parent);
                if (!c.isEmpty()) {
                    return c.get(0);
                }
            } catch (LinuxException e) {
                // parent gone: the exit future says why
            }
            check(s, deadline, "start of vos-init " + s.outer, null);
        }
    }

    private void await(Spawned s, LongPredicate ready, String what, String logFile) {
        long deadline = System.nanoTime() + TIMEOUT_NS;
        while (!ready.test(s.program)) {
            check(s, deadline, what, logFile);
        }
    }

    private void check(Spawned s, long deadline, String what, String logFile) {
        if (s.exit.isDone()) {
            Integer code = s.exit.getNow(-1);
            if (code == 124) {
                throw new VosException(409, "pid-taken", "cannot restore: pid " + s.wantedPid + " is in use");
            }
            throw new VosException(500, "launch-failed", what + " failed: vos-init exited with " + code + tail(logFile));
        }
        if (System.nanoTime() > deadline) {
            throw new VosException(500, "launch-failed", what + " timed out");
        }
        LockSupport.parkNanos(200_000);
    }

    private static String tail(String logFile) {
        if (logFile == null) {
            return "";
        }
        try {
            String t = Files.readString(Path.of(logFile));
            int i = t.lastIndexOf("vos-init:");
            return i >= 0 ? " (" + t.substring(i).trim() + ")" : "";
        } catch (IOException e) {
            return "";
        }
    }
}
