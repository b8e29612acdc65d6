package org.vos.engine.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.vos.api.engine.CheckpointResult;
import org.vos.api.engine.LaunchSpec;
import org.vos.api.engine.ManagedProcess;

/** Parent, two children and a grandchild keep their pids and parents, and their shared page. */
class ForkTreeTest extends EngineFixture {
    static final Pattern LINE = Pattern.compile("^count (\\d+) pid 2 OK ");

    @Test
    void treeContinuesWithSamePids() {
        String bin = Programs.build("forktree");
        Path log = tmp.resolve("log");
        ManagedProcess p = engine.launch(LaunchSpec.of(log.toString(), bin));
        Programs.awaitValue(log, LINE, c -> c >= 3);
        CheckpointResult r = engine.checkpoint(p.hostPid, tmp.resolve("img"), false);
        assertEquals(4, r.processes);
        assertEquals(137, engine.waitFor(p.hostPid, Duration.ofSeconds(10)));
        assertEquals(List.of(), running(bin));
        long last = Programs.lastValue(log, LINE);

        ManagedProcess q = engine.restore(tmp.resolve("img"), null);
        Programs.awaitValue(log, LINE, c -> c >= last + 4);
        assertEquals(4, running(bin).size());
        List<String> lines = Programs.lines(log);
        assertFalse(lines.stream().anyMatch(l -> l.contains("BAD")), String.join("\n", lines));
        List<Long> counts = Programs.values(log, LINE);
        for (int i = 1; i < counts.size(); i++) {
            assertEquals(counts.get(i - 1) + 1, counts.get(i), "continues: " + counts);
        }
        engine.kill(q.hostPid);
        assertEquals(List.of(), running(bin));
    }
}
