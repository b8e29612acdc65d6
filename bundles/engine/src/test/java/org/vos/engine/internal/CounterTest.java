package org.vos.engine.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vos.api.engine.CheckpointResult;
import org.vos.api.engine.LaunchSpec;
import org.vos.api.engine.ManagedProcess;

/** The first scenario: a single-threaded counter keeps counting from where it was checkpointed. */
class CounterTest {
    static final Pattern COUNT = Pattern.compile("^count (\\d+) pid 2 OK$");
    @TempDir
    Path tmp;
    EngineImpl engine;

    @BeforeEach
    void setUp() {
        engine = EngineImpl.standalone(Path.of("target/engine-data").toAbsolutePath());
    }

    @AfterEach
    void tearDown() {
        engine.close();
    }

    @Test
    void counterContinuesAfterCheckpointKillRestore() throws Exception {
        String bin = Programs.build("counter");
        Path log = tmp.resolve("counter.log");
        ManagedProcess p = engine.launch(LaunchSpec.of(log.toString(), bin));
        assertEquals(2, p.nsPid);
        Programs.awaitValue(log, COUNT, c -> c >= 5);

        Path img = tmp.resolve("img");
        CheckpointResult r = engine.checkpoint(p.hostPid, img, false);
        assertTrue(r.pageBytes >= 1 << 20, "the 1 MiB heap is in the image: " + r.pageBytes);
        assertEquals(137, engine.waitFor(p.hostPid, Duration.ofSeconds(10)));
        long last = Programs.lastValue(log, COUNT);
        assertTrue(Files.exists(img.resolve("inventory.json")));

        ManagedProcess q = engine.restore(img, null);
        assertNotEquals(p.hostPid, q.hostPid);
        Programs.awaitValue(log, COUNT, c -> c >= last + 5);

        List<String> lines = Programs.lines(log);
        assertFalse(lines.stream().anyMatch(l -> l.contains("BAD")), "self-check failed: " + lines);
        List<Long> counts = Programs.values(log, COUNT);
        for (int i = 1; i < counts.size(); i++) {
            assertEquals(counts.get(i - 1) + 1, counts.get(i), "count must continue, not restart: " + counts);
        }
        assertEquals("running", engine.inspect(q.hostPid).state);
        engine.kill(q.hostPid);
        assertEquals("exited", engine.inspect(q.hostPid).state);
    }
}
