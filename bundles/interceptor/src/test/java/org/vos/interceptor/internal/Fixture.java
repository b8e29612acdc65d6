package org.vos.interceptor.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.vos.api.hook.SyscallHook;
import org.vos.engine.internal.EngineImpl;

/** An engine and an interceptor wired like in an executive, without OSGi; everything killed afterwards. */
abstract class Fixture {
    static final Pattern TICK = Pattern.compile("^tick (\\d+) pid (\\d+)$");
    static final Path BIN = Path.of("target/test-programs").toAbsolutePath();
    @TempDir
    Path tmp;
    EngineImpl engine;
    InterceptorCore core;
    InterceptorCore.Host host;
    private long ids = 1000;

    @BeforeEach
    void start() {
        engine = EngineImpl.standalone(Path.of("target/engine-data").toAbsolutePath());
        core = new InterceptorCore(timeoutMs(), 0);
        engine.interceptor(core);
        host = new EngineHost(engine, tmp);
        core.host(host);
    }

    long timeoutMs() {
        return 2000;
    }

    @AfterEach
    void stop() {
        engine.close();
        core.close();
    }

    HookEntry hook(SyscallHook h, String set, String syscalls, String appliesTo) {
        Map<String, Object> props = new java.util.HashMap<>();
        props.put(SyscallHook.SYSCALLS, syscalls);
        if (appliesTo != null) {
            props.put(SyscallHook.APPLIES_TO, appliesTo);
        }
        props.put(SyscallHook.HOOK_SET, set);
        HookEntry e = HookEntry.of(h, props, ids++, "test");
        return e;
    }

    static synchronized String build(String name) {
        Path src = Path.of("src/test/c", name + ".c").toAbsolutePath();
        if (!Files.exists(src)) {
            src = Path.of("../engine/src/test/c", name + ".c").toAbsolutePath(); // the engine's scenario programs
        }
        Path out = BIN.resolve(name);
        try {
            Files.createDirectories(BIN);
            if (Files.exists(out) && Files.getLastModifiedTime(out).compareTo(Files.getLastModifiedTime(src)) > 0) {
                return out.toString();
            }
            Process p = new ProcessBuilder("gcc", "-O1", "-Wall", "-o", out.toString(), src.toString()).redirectErrorStream(true).start();
            String msg = new String(p.getInputStream().readAllBytes());
            if (p.waitFor() != 0) {
                throw new IllegalStateException("gcc " + name + " failed: " + msg);
            }
            return out.toString();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static List<String> lines(Path log) {
        try {
            return Files.exists(log) ? Files.readAllLines(log) : List.of();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Tick numbers of the log, in order. */
    static List<Long> ticks(Path log) {
        List<Long> out = new ArrayList<>();
        for (String l : lines(log)) {
            Matcher m = TICK.matcher(l);
            if (m.find()) {
                out.add(Long.parseLong(m.group(1)));
            }
        }
        return out;
    }

    static String seccompMode(long pid) {
        try {
            for (String l : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
                if (l.startsWith("Seccomp:")) {
                    return l.substring(8).trim();
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return "?";
    }
}
