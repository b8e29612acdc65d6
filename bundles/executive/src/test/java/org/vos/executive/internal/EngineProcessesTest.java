package org.vos.executive.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vos.api.domain.VosException;
import org.vos.api.model.CheckpointRequest;
import org.vos.api.model.MigrateRequest;
import org.vos.api.model.ProcessInfo;
import org.vos.api.model.RunRequest;

class EngineProcessesTest {
    @TempDir
    Path data;

    private EngineProcesses processes() {
        return new EngineProcesses(new FakeEngine(), new Self("h1", "10.77.0.11", 7090, data.toString()));
    }

    private static RunRequest run(String... command) {
        RunRequest r = new RunRequest();
        r.command = List.of(command);
        return r;
    }

    @Test
    void runGivesAStableIdAndALogTheExecutiveOwns() {
        EngineProcesses p = processes();
        ProcessInfo a = p.run(run("/bin/sleep", "100"));
        ProcessInfo b = p.run(run("/bin/true"));
        assertNotEquals(a.id, b.id);
        assertEquals(8, a.id.length());
        assertEquals("sleep", a.name);
        assertEquals("h1", a.host);
        assertEquals("running", p.get(a.id).state);
        assertEquals(2, p.list().size());
        assertEquals("/bin/sleep 100\n", new String(p.logs(a.id, 0), StandardCharsets.UTF_8));
        assertEquals("100\n", new String(p.logs(a.id, 11), StandardCharsets.UTF_8));
        assertEquals(0, p.logs(a.id, 999).length);
        p.kill(a.id);
        assertEquals("exited", p.get(a.id).state);
        assertEquals(137, p.get(a.id).exitCode);
    }

    @Test
    void badRequestsAreRefusedWithStableCodes() {
        EngineProcesses p = processes();
        assertEquals("no-command", assertThrows(VosException.class, () -> p.run(new RunRequest())).code());
        RunRequest tty = run("/bin/sh");
        tty.tty = true;
        assertEquals(501, assertThrows(VosException.class, () -> p.run(tty)).status());
        assertEquals("unknown-process", assertThrows(VosException.class, () -> p.get("nope")).code());
        assertEquals(404, assertThrows(VosException.class, () -> p.kill("nope")).status());
        String id = p.run(run("/bin/true")).id;
        CheckpointRequest relative = new CheckpointRequest();
        relative.dir = "img";
        assertEquals("relative-dir", assertThrows(VosException.class, () -> p.checkpoint(id, relative)).code());
        assertEquals(501, assertThrows(VosException.class, () -> p.migrate(id, new MigrateRequest())).status());
    }
}
