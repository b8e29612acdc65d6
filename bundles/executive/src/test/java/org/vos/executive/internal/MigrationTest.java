package org.vos.executive.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vos.api.domain.VosException;
import org.vos.api.engine.CheckpointResult;
import org.vos.api.engine.ManagedProcess;
import org.vos.api.migration.Transfers;
import org.vos.api.model.MigrateRequest;
import org.vos.api.model.MigrationInfo;
import org.vos.api.model.ProcessInfo;
import org.vos.api.model.RunRequest;
import org.vos.api.strategy.MigrationStrategy;
import org.vos.api.strategy.Region;

/** The executive's side of the migration transaction, with an engine and a network that run nothing. */
class MigrationTest {
    @TempDir
    Path tmp;
    FreezingEngine e1;
    FreezingEngine e2;
    EngineProcesses h1;
    EngineProcesses h2;
    Wire wire;

    /** A fake engine that can freeze, resume, discard and restore. */
    static final class FreezingEngine extends FakeEngine {
        @Override
        public CheckpointResult freeze(long hostPid, Path dir, MigrationStrategy strategy) {
            ManagedProcess p = inspect(hostPid);
            try {
                Files.createDirectories(dir);
                Files.writeString(dir.resolve("inventory.json"), "{\"strategy\":\"" + strategy.name() + "\"}");
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
            p.state = "frozen";
            CheckpointResult r = new CheckpointResult();
            r.dir = dir.toString();
            return r;
        }

        @Override
        public void resume(long hostPid) {
            inspect(hostPid).state = "running";
        }

        @Override
        public void discard(long hostPid) {
            inspect(hostPid).state = "exited";
        }

        @Override
        public ManagedProcess restore(Path dir, Path logFile) {
            ManagedProcess p = new ManagedProcess();
            p.hostPid = 5000 + processes.size();
            p.nsPid = 2;
            p.command = List.of("/bin/counter");
            p.logFile = logFile.toString();
            p.state = "running";
            processes.put(p.hostPid, p);
            try {
                Files.writeString(logFile, "restored\n", java.nio.file.StandardOpenOption.APPEND);
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
            return p;
        }
    }

    /** Streams in process: tokens announced by expect(), images copied, the receiver called. */
    final class Wire implements Transfers {
        final Map<String, Receiver> expected = new ConcurrentHashMap<>();
        volatile boolean cutAfterFreeze;

        @Override
        public String address() {
            return "10.77.0.12:7091";
        }

        @Override
        public void expect(String token, String migrationId, Duration ttl, Receiver receiver) {
            expected.put(token, receiver);
        }

        @Override
        public boolean cancel(String token) {
            return expected.remove(token) != null;
        }

        @Override
        public List<FileIdentity> mappedFiles(long hostPid, MigrationStrategy strategy) {
            return List.of();
        }

        @Override
        public List<FileIdentity> identities(List<String> paths) {
            return List.of();
        }

        @Override
        public Receipt send(String address, String token, String migrationId, List<FileIdentity> mapped, Callable<Path> prepare,
                Runnable onRestored) {
            Receiver r = expected.remove(token);
            if (r == null) {
                throw new VosException(403, "transfer-refused", "no transfer expected with this token");
            }
            try {
                Path dir = prepare.call();
                if (cutAfterFreeze) {
                    throw new VosException(502, "transfer-failed", "the stream was cut");
                }
                Path copy = Files.createDirectories(tmp.resolve("arrived-" + migrationId));
                try (Stream<Path> s = Files.list(dir)) {
                    for (Path p : s.toList()) {
                        Files.copy(p, copy.resolve(p.getFileName()));
                    }
                }
                Receipt rc = new Receipt();
                rc.answer.putAll(r.restore(copy));
                onRestored.run();
                return rc;
            } catch (VosException e) {
                throw e;
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
    }

    static final class Named implements MigrationStrategy {
        public String name() {
            return "full";
        }

        public String description() {
            return "test";
        }

        public PagePolicy policy(Region region) {
            return PagePolicy.SHIP;
        }
    }

    @BeforeEach
    void hosts() throws IOException {
        e1 = new FreezingEngine();
        e2 = new FreezingEngine();
        h1 = new EngineProcesses(e1, new Self("h1", "10.77.0.11", 7090, Files.createDirectories(tmp.resolve("h1")).toString()));
        h2 = new EngineProcesses(e2, new Self("h2", "10.77.0.12", 7090, Files.createDirectories(tmp.resolve("h2")).toString()));
        wire = new Wire();
        for (EngineProcesses h : List.of(h1, h2)) {
            h.setTransfers(wire);
            h.addStrategy(new Named(), Map.of(MigrationStrategy.NAME, "full"));
        }
    }

    private ProcessInfo running() {
        RunRequest r = new RunRequest();
        r.command = List.of("/bin/counter");
        return h1.run(r);
    }

    /** What the manager does: target expects, source migrates. */
    private MigrationInfo migrate(String id, String strategy) {
        MigrateRequest expect = new MigrateRequest();
        expect.role = "expect";
        expect.token = "t".repeat(64);
        expect.migrationId = "m1";
        MigrationInfo ready = h2.migrate(id, expect);
        assertEquals("10.77.0.12:7091", ready.address);
        MigrateRequest go = new MigrateRequest();
        go.to = "h2";
        go.strategy = strategy;
        go.token = expect.token;
        go.address = ready.address;
        go.migrationId = "m1";
        return h1.migrate(id, go);
    }

    @Test
    void theProgramMovesWithItsIdAndItsLogAndLeavesTheSource() {
        ProcessInfo p = running();
        long sourcePid = p.hostPid;
        MigrationInfo m = migrate(p.id, null);
        assertEquals("done", m.state, m.error);
        assertEquals("full", m.strategy);
        assertEquals("exited", e1.inspect(sourcePid).state); // the frozen copy was discarded
        assertThrows(VosException.class, () -> h1.get(p.id));
        assertFalse(Files.exists(tmp.resolve("h1/logs/" + p.id + ".log")));
        ProcessInfo there = h2.get(p.id);
        assertEquals("running", there.state);
        assertEquals("h2", there.host);
        assertEquals("/bin/counter\nrestored\n", new String(h2.logs(p.id, 0), StandardCharsets.UTF_8)); // one stream
        assertTrue(Files.notExists(tmp.resolve("h1/outgoing/m1")));
        assertEquals(List.of("m1"), h1.migrations().stream().map(x -> x.id).toList());
    }

    @Test
    void aCutStreamResumesTheFrozenProgramWhereItWas() {
        ProcessInfo p = running();
        wire.cutAfterFreeze = true;
        MigrationInfo m = migrate(p.id, "full");
        assertEquals("failed", m.state);
        assertEquals("transfer-failed", m.errorCode);
        assertEquals("transfer", m.phase);
        assertEquals("running", h1.get(p.id).state);
        assertEquals(p.hostPid, h1.get(p.id).hostPid);
        assertThrows(VosException.class, () -> h2.get(p.id));
        assertTrue(Files.notExists(tmp.resolve("h1/outgoing/m1")));
    }

    @Test
    void anUnknownStrategyIsRefusedBeforeAnythingIsFrozen() {
        ProcessInfo p = running();
        VosException e = assertThrows(VosException.class, () -> migrate(p.id, "live"));
        assertEquals("unknown-strategy", e.code());
        assertTrue(e.getMessage().contains("installed: full"), e.getMessage());
        assertEquals("running", h1.get(p.id).state);
    }

    @Test
    void aStrangerTokenIsRefusedAndTheProgramUntouched() {
        ProcessInfo p = running();
        MigrateRequest go = new MigrateRequest();
        go.to = "h2";
        go.token = "x".repeat(64);
        go.address = wire.address();
        MigrationInfo m = h1.migrate(p.id, go);
        assertEquals("transfer-refused", m.errorCode);
        assertEquals("running", h1.get(p.id).state);
    }
}
