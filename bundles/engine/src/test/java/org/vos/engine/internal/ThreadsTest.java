package org.vos.engine.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.vos.api.engine.CheckpointResult;
import org.vos.api.engine.LaunchSpec;
import org.vos.api.engine.ManagedProcess;

/** 4 threads with mutex/condvar, TLS and a SIGALRM itimer continue after checkpoint, kill, restore. */
class ThreadsTest extends EngineFixture {
    static final Pattern LINE = Pattern.compile("^count (\\d+) pid 2 OK ");

    @Test
    void fourThreadsContinue() throws Exception {
        String bin = Programs.build("threads4");
        Path log = tmp.resolve("log");
        ManagedProcess p = engine.launch(LaunchSpec.of(log.toString(), bin));
        Programs.awaitValue(log, LINE, c -> c >= 4);
        List<Long> tids = new org.vos.linux.ProcFs(Path.of("/proc")).tasks(p.hostPid);
        assertEquals(5, tids.size());
        CheckpointResult r = engine.checkpoint(p.hostPid, tmp.resolve("img"), false);
        assertEquals(5, r.threads);
        assertEquals(137, engine.waitFor(p.hostPid, Duration.ofSeconds(10)));
        long last = Programs.lastValue(log, LINE);

        ManagedProcess q = engine.restore(tmp.resolve("img"), null);
        assertEquals(5, new org.vos.linux.ProcFs(Path.of("/proc")).tasks(q.hostPid).size());
        Programs.awaitValue(log, LINE, c -> c >= last + 5);
        List<String> lines = Files.readAllLines(log);
        assertFalse(lines.stream().anyMatch(l -> l.contains("BAD")), String.join("\n", lines));
        List<Long> counts = Programs.values(log, LINE);
        for (int i = 1; i < counts.size(); i++) {
            assertEquals(counts.get(i - 1) + 1, counts.get(i), "continues: " + counts);
        }
        assertTrue(counts.size() >= last + 5);
    }
}
