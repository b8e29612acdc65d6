package org.vos.engine.internal;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Test support: compiles the self-checking programs of src/test/c and reads their logs. */
final class Programs {
    static final Path BIN = Path.of("target/test-programs").toAbsolutePath();

    private Programs() {
    }

    static synchronized String build(String name, String... extra) {
        Path src = Path.of("src/test/c", name + ".c").toAbsolutePath();
        Path out = BIN.resolve(name);
        try {
            Files.createDirectories(BIN);
            if (Files.exists(out) && Files.getLastModifiedTime(out).compareTo(Files.getLastModifiedTime(src)) > 0) {
                return out.toString();
            }
            List<String> cmd = new ArrayList<>(List.of("gcc", "-O1", "-g", "-Wall", "-pthread", "-o", out.toString(), src.toString()));
            cmd.addAll(List.of(extra));
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

    static List<String> lines(Path log) {
        try {
            return Files.exists(log) ? Files.readAllLines(log) : List.of();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Waits until the log has a line matching {@code p}; returns the last such line's first group as long. */
    static long awaitValue(Path log, Pattern p, Predicate<Long> ok) {
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

    /** Values of group 1 of every matching line, in order. */
    static List<Long> values(Path log, Pattern p) {
        List<Long> out = new ArrayList<>();
        for (String l : lines(log)) {
            Matcher m = p.matcher(l);
            if (m.find()) {
                out.add(Long.parseLong(m.group(1)));
            }
        }
        return out;
    }
}
