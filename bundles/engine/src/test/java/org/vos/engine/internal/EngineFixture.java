package org.vos.engine.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/** One engine per test; every process it started is killed afterwards. */
abstract class EngineFixture {
    static final Pattern COUNT = Pattern.compile("^count (\\d+) pid \\d+ OK$");
    @TempDir
    Path tmp;
    EngineImpl engine;

    @BeforeEach
    void startEngine() {
        engine = EngineImpl.standalone(Path.of("target/engine-data").toAbsolutePath());
    }

    @AfterEach
    void stopEngine() {
        engine.close();
    }

    /** Host pids of every process whose executable is {@code exe}. */
    static List<Long> running(String exe) {
        List<Long> out = new ArrayList<>();
        try (Stream<Path> s = Files.list(Path.of("/proc"))) {
            for (Path p : s.toList()) {
                String n = p.getFileName().toString();
                if (!n.chars().allMatch(Character::isDigit)) {
                    continue;
                }
                try {
                    if (Files.readSymbolicLink(p.resolve("exe")).toString().equals(exe)) {
                        out.add(Long.parseLong(n));
                    }
                } catch (IOException e) {
                    // gone or kernel thread
                }
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return out;
    }
}
