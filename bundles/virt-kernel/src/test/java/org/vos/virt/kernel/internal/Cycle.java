package org.vos.virt.kernel.internal;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.vos.api.engine.CheckpointResult;
import org.vos.api.engine.LaunchSpec;
import org.vos.api.engine.ManagedProcess;
import org.vos.api.virt.HandleVirtualizer;
import org.vos.engine.internal.EngineImpl;
import org.vos.engine.internal.FileVirtualizer;
import org.vos.engine.internal.Virtualizers;

/**
 * Test support: an engine with the built-in file virtualizer plus the given ones (registered by
 * hand, as the service registry would), the self-checking programs of src/test/c, their logs.
 */
final class Cycle {
    static final Path BIN = Path.of("target/test-programs").toAbsolutePath();
    static final Pattern COUNT = Pattern.compile("^count (\\d+) pid \\d+ OK");
    final Virtualizers virtualizers = new Virtualizers();
    final EngineImpl engine;

    Cycle(HandleVirtualizer... vs) {
        virtualizers.builtin(FileVirtualizer.NAME, new FileVirtualizer());
        for (HandleVirtualizer v : vs) {
            add(v);
        }
        engine = new EngineImpl(Path.of("target/engine-data").toAbsolutePath(), virtualizers);
    }

    void add(HandleVirtualizer v) {
        String name = v.getClass().getSimpleName();
        try {
            name = (String) v.getClass().getField("NAME").get(null);
        } catch (ReflectiveOperationException e) {
            // test doubles have no NAME
        }
        virtualizers.add(name, v);
    }

    static synchronized String build(String name) {
        Path src = Path.of("src/test/c", name + ".c").toAbsolutePath();
        Path out = BIN.resolve(name);
        try {
            Files.createDirectories(BIN);
            List<String> cmd = List.of("gcc", "-O1", "-g", "-Wall", "-o", out.toString(), src.toString());
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
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

    /** Launch, wait for {@code before} good steps, checkpoint, kill, restore, wait for 3 more, deep check. */
    ManagedProcess full(Path tmp, String program, String... args) {
        Path log = tmp.resolve("log");
        List<String> cmd = new ArrayList<>(List.of(build(program)));
        cmd.addAll(List.of(args));
        ManagedProcess p = engine.launch(LaunchSpec.of(log.toString(), cmd.toArray(new String[0])));
        awaitValue(log, COUNT, c -> c >= 3);
        CheckpointResult r = engine.checkpoint(p.hostPid, tmp.resolve("img"), false);
        assertTrue(r.bytes > 0);
        assertEquals(137, engine.waitFor(p.hostPid, Duration.ofSeconds(10)));
        long last = lastValue(log, COUNT);
        ManagedProcess q = engine.restore(tmp.resolve("img"), null);
        awaitValue(log, COUNT, c -> c >= last + 3);
        engine.signal(q.hostPid, 10);
        awaitLine(log, "count-deep ");
        awaitValue(log, COUNT, c -> c >= last + 5);
        assertClean(log);
        return q;
    }

    static void assertClean(Path log) {
        List<String> lines = lines(log);
        assertFalse(lines.stream().anyMatch(l -> l.contains("BAD")), String.join("\n", lines));
        List<Long> counts = new ArrayList<>();
        for (String l : lines) {
            Matcher m = COUNT.matcher(l);
            if (m.find()) {
                counts.add(Long.parseLong(m.group(1)));
            }
        }
        for (int i = 1; i < counts.size(); i++) {
            assertEquals(counts.get(i - 1) + 1, counts.get(i), "must continue, never restart: " + counts);
        }
    }

    static String awaitLine(Path log, String prefix) {
        String[] found = new String[1];
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(20)).until(() -> {
            for (String l : lines(log)) {
                if (l.startsWith(prefix)) {
                    found[0] = l;
                    return true;
                }
            }
            return false;
        });
        return found[0];
    }

    static List<String> lines(Path log) {
        try {
            return Files.exists(log) ? Files.readAllLines(log) : List.of();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static long awaitValue(Path log, Pattern p, java.util.function.Predicate<Long> ok) {
        try {
            return awaitValue0(log, p, ok);
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            throw new AssertionError("no matching line in time; log:\n" + String.join("\n", lines(log)), e);
        }
    }

    private static long awaitValue0(Path log, Pattern p, java.util.function.Predicate<Long> ok) {
        long[] v = new long[1];
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(20)).until(() -> {
            Long last = lastValue(log, p);
            if (last != null && ok.test(last)) {
                v[0] = last;
                return true;
            }
            return false;
        });
        return v[0];
    }

    static Long lastValue(Path log, Pattern p) {
        Long last = null;
        for (String l : lines(log)) {
            Matcher m = p.matcher(l);
            if (m.find()) {
                last = Long.parseLong(m.group(1));
            }
        }
        return last;
    }
}
