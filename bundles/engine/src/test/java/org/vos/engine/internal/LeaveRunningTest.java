package org.vos.engine.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.vos.api.engine.CheckpointResult;
import org.vos.api.engine.LaunchSpec;
import org.vos.api.engine.ManagedProcess;

/** --leave-running: the source keeps counting, and a restore of the image counts on from the freeze point. */
class LeaveRunningTest extends EngineFixture {
    @Test
    void bothKeepGoing() {
        String bin = Programs.build("counter");
        Path log = tmp.resolve("a.log");
        ManagedProcess p = engine.launch(LaunchSpec.of(log.toString(), bin));
        Programs.awaitValue(log, COUNT, c -> c >= 5);
        CheckpointResult r = engine.checkpoint(p.hostPid, tmp.resolve("img"), true);
        assertTrue(r.leftRunning);
        long atFreeze = Programs.lastValue(log, COUNT);
        Programs.awaitValue(log, COUNT, c -> c >= atFreeze + 5);
        assertEquals("running", engine.inspect(p.hostPid).state);

        Path log2 = tmp.resolve("b.log");
        ManagedProcess q = engine.restore(tmp.resolve("img"), log2);
        Programs.awaitValue(log2, COUNT, c -> c >= atFreeze + 5);
        List<Long> a = Programs.values(log, COUNT);
        List<Long> b = Programs.values(log2, COUNT);
        // the copy starts right after a value the source printed before the freeze (the source may have
        // printed one more before we read its log), and never repeats or skips
        long first = b.get(0);
        assertTrue(first >= 6 && first <= atFreeze + 1 && a.contains(first - 1), "restored copy continues from the freeze: " + b);
        for (List<Long> l : List.of(a, b)) {
            for (int i = 1; i < l.size(); i++) {
                assertEquals(l.get(i - 1) + 1, l.get(i), "consecutive counts: " + l);
            }
        }
        assertFalse(Programs.lines(log).stream().anyMatch(l -> l.contains("BAD")));
        assertFalse(Programs.lines(log2).stream().anyMatch(l -> l.contains("BAD")));
        assertEquals("running", engine.inspect(p.hostPid).state);
        assertEquals("running", engine.inspect(q.hostPid).state);
    }

    @Test
    void aStoppedProgramStaysStoppedUntilContinued() {
        String bin = Programs.build("counter");
        Path log = tmp.resolve("a.log");
        ManagedProcess p = engine.launch(LaunchSpec.of(log.toString(), bin));
        Programs.awaitValue(log, COUNT, c -> c >= 3);
        engine.signal(p.hostPid, 19); // SIGSTOP
        org.vos.linux.ProcFs proc = new org.vos.linux.ProcFs(Path.of("/proc"));
        org.awaitility.Awaitility.await().until(() -> proc.state(p.hostPid) == 'T');
        long atStop = Programs.lastValue(log, COUNT);
        engine.checkpoint(p.hostPid, tmp.resolve("img"), true);
        // the source leaves the checkpoint with its stop signal and is stopped again at once
        org.awaitility.Awaitility.await().until(() -> proc.state(p.hostPid) == 'T');
        long last = Programs.lastValue(log, COUNT);
        assertEquals(atStop, last, "it printed nothing since it was stopped");
        engine.kill(p.hostPid);

        ManagedProcess q = engine.restore(tmp.resolve("img"), null);
        org.awaitility.Awaitility.await().until(() -> proc.state(q.hostPid) == 'T');
        assertEquals(last, Programs.lastValue(log, COUNT), "stopped: no output");
        engine.signal(q.hostPid, 18); // SIGCONT
        Programs.awaitValue(log, COUNT, c -> c >= last + 3);
        List<Long> counts = Programs.values(log, COUNT);
        for (int i = 1; i < counts.size(); i++) {
            assertEquals(counts.get(i - 1) + 1, counts.get(i), "consecutive counts: " + counts);
        }
    }
}
