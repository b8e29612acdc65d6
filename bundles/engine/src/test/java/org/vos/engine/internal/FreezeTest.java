package org.vos.engine.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.vos.api.domain.VosException;
import org.vos.api.engine.CheckpointResult;
import org.vos.api.engine.LaunchSpec;
import org.vos.api.engine.ManagedProcess;
import org.vos.api.strategy.MigrationStrategy;
import org.vos.api.strategy.Region;
import org.vos.linux.ProcFs;

/** Migration transaction support: freeze (image complete, tree held), then resume or discard. */
class FreezeTest extends EngineFixture {
    static final Pattern LINE = Pattern.compile("^count (\\d+) pid 2 OK$");

    /** Ships every page, file-backed ones too. */
    static final MigrationStrategy FULL = new MigrationStrategy() {
        public String name() {
            return "full";
        }

        public String description() {
            return "every page";
        }

        public PagePolicy policy(Region region) {
            return PagePolicy.SHIP;
        }
    };

    @Test
    void freezeResumeThenFreezeDiscardRestore() throws Exception {
        String bin = Programs.build("counter");
        Path log = tmp.resolve("log");
        ManagedProcess p = engine.launch(LaunchSpec.of(log.toString(), bin));
        Programs.awaitValue(log, LINE, c -> c >= 3);

        CheckpointResult a = engine.freeze(p.hostPid, tmp.resolve("a"), null);
        assertTrue(Files.exists(tmp.resolve("a/inventory.json")));
        assertEquals('t', new ProcFs(Path.of("/proc")).state(p.hostPid), "held in a ptrace stop");
        assertEquals("frozen", assertThrows(VosException.class, () -> engine.checkpoint(p.hostPid, tmp.resolve("x"), true)).code());
        long held = Programs.lastValue(log, LINE);
        engine.resume(p.hostPid);
        Programs.awaitValue(log, LINE, c -> c >= held + 3);

        CheckpointResult b = engine.freeze(p.hostPid, tmp.resolve("b"), FULL);
        assertTrue(b.pageBytes > a.pageBytes, "full strategy ships file pages too: " + b.pageBytes + " vs " + a.pageBytes);
        long last = Programs.lastValue(log, LINE);
        engine.discard(p.hostPid);
        assertEquals(137, engine.waitFor(p.hostPid, Duration.ofSeconds(10)));
        assertEquals("not-frozen", assertThrows(VosException.class, () -> engine.resume(p.hostPid)).code());

        engine.restore(tmp.resolve("b"), null);
        Programs.awaitValue(log, LINE, c -> c >= last + 3);
        ScenarioTest.assertContinues(log, LINE);
    }
}
