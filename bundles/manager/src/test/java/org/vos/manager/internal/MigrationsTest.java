package org.vos.manager.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vos.api.domain.VosException;
import org.vos.api.model.HostInfo;
import org.vos.api.model.MigrateRequest;
import org.vos.api.model.MigrationInfo;

/** The manager's migration transaction against two fake executives. */
class MigrationsTest {
    private static final String MIGRATE = "POST /api/v1/processes/p1/migrate";
    @TempDir
    Path data;
    private final AtomicLong now = new AtomicLong(1_000_000);
    private FakeExecutive h1;
    private FakeExecutive h2;
    private HostRegistry registry;
    private ManagerProcesses processes;

    @BeforeEach
    void setUp() throws Exception {
        h1 = new FakeExecutive();
        h2 = new FakeExecutive();
        h1.body = "{\"name\":\"h1\",\"state\":\"up\"}";
        h2.body = "{\"name\":\"h2\",\"state\":\"up\"}";
        registry = new HostRegistry(new HostStore(data), "tok", 3000, Duration.ofSeconds(2), now::get, true);
        for (Map.Entry<String, FakeExecutive> e : Map.of("h1", h1, "h2", h2).entrySet()) {
            HostInfo h = new HostInfo();
            h.name = e.getKey();
            h.address = "127.0.0.1";
            h.port = e.getValue().port();
            registry.register(h);
            registry.beat(e.getKey());
        }
        h1.routes.put("GET /api/v1/processes/p1", Map.entry(200, "{\"id\":\"p1\",\"host\":\"h1\",\"state\":\"running\"}"));
        h2.routes.put("GET /api/v1/processes/p1", Map.entry(404, "{\"error\":\"no process p1\",\"code\":\"unknown-process\"}"));
        h2.routes.put(MIGRATE, Map.entry(200, "{\"state\":\"expecting\",\"address\":\"10.77.0.12:7091\"}"));
        processes = new ManagerProcesses(registry);
    }

    @AfterEach
    void tearDown() throws Exception {
        registry.deactivate();
        h1.close();
        h2.close();
    }

    private static MigrateRequest to(String host) {
        MigrateRequest r = new MigrateRequest();
        r.to = host;
        return r;
    }

    @Test
    void theTargetExpectsAOneTimeTokenThenTheSourceMigratesToItsAddress() {
        h1.routes.put(MIGRATE, Map.entry(200, "{\"state\":\"done\",\"phase\":\"done\",\"dumpMs\":7,\"downtimeMs\":30,\"imageBytes\":4096}"));
        MigrationInfo m = processes.migrate("p1", to("h2"));
        assertEquals("done", m.state);
        assertEquals("h1", m.from);
        assertEquals("h2", m.to);
        assertEquals("full", m.strategy);
        assertEquals(30, m.downtimeMs);
        String expect = h2.seen.stream().filter(s -> s.startsWith(MIGRATE)).findFirst().orElseThrow();
        String go = h1.seen.stream().filter(s -> s.startsWith(MIGRATE)).findFirst().orElseThrow();
        assertTrue(expect.contains("\"role\":\"expect\"") && expect.contains("token=tok"), expect);
        String token = expect.replaceAll(".*\"token\":\"([0-9a-f]+)\".*", "$1");
        assertEquals(64, token.length(), expect);
        assertTrue(go.contains("\"token\":\"" + token + "\"") && go.contains("\"address\":\"10.77.0.12:7091\""), go);
        assertEquals(List.of(m.id), processes.migrations().stream().map(x -> x.id).toList());
    }

    @Test
    void aFailedMigrationIsRecordedWithItsReasonAndTheTokenCancelled() {
        h1.routes.put(MIGRATE, Map.entry(200, "{\"state\":\"failed\",\"phase\":\"transfer\",\"error\":\"the stream was cut\",\"errorCode\":\"transfer-failed\"}"));
        MigrationInfo m = processes.migrate("p1", to("h2"));
        assertEquals("failed", m.state);
        assertEquals("transfer-failed", m.errorCode);
        assertTrue(h2.seen.stream().anyMatch(s -> s.startsWith(MIGRATE) && s.contains("\"role\":\"cancel\"")), h2.seen.toString());
        assertEquals("failed", processes.migrations().get(0).state);
    }

    @Test
    void unknownOrSameHostIsRefusedBeforeAnyExecutiveIsAsked() {
        assertEquals("unknown-host", assertThrows(VosException.class, () -> processes.migrate("p1", to("h9"))).code());
        assertEquals("same-host", assertThrows(VosException.class, () -> processes.migrate("p1", to("h1"))).code());
        assertTrue(h1.seen.stream().noneMatch(s -> s.startsWith(MIGRATE)));
        assertTrue(h2.seen.stream().noneMatch(s -> s.startsWith(MIGRATE) && s.contains("expect")));
        assertEquals(List.of("failed", "failed"), processes.migrations().stream().map(x -> x.state).toList());
        assertEquals("unknown-host", processes.migrations().get(0).errorCode);
    }

    @Test
    void anImageTheNamedHostLacksTravelsFromTheHostThatHasIt() {
        String noImage = "{\"error\":\"no image directory /var/lib/vos/img\",\"code\":\"no-image\"}";
        h2.routes.put("POST /api/v1/images/restore", Map.entry(404, noImage));
        h2.routes.put("POST /api/v1/processes/image/migrate", Map.entry(200, "{\"state\":\"expecting\",\"address\":\"10.77.0.12:7091\"}"));
        h1.routes.put("POST /api/v1/processes/image/migrate", Map.entry(200, "{\"state\":\"done\",\"processId\":\"p9\",\"imageBytes\":99}"));
        h2.routes.put("GET /api/v1/processes/p9", Map.entry(200, "{\"id\":\"p9\",\"host\":\"h2\",\"state\":\"running\"}"));
        org.vos.api.model.RestoreRequest r = new org.vos.api.model.RestoreRequest();
        r.dir = "/var/lib/vos/img";
        r.host = "h2";
        assertEquals("h2", processes.restore(r).host);
        assertTrue(h1.seen.stream().anyMatch(s -> s.contains("\"role\":\"send-image\"") && s.contains("/var/lib/vos/img")), h1.seen.toString());
        MigrationInfo m = processes.migrations().get(0);
        assertEquals("image", m.strategy);
        assertEquals("h1", m.from);
        assertEquals("done", m.state);
    }

    @Test
    void theRecordsSurviveARestartOfTheManager() {
        h1.routes.put(MIGRATE, Map.entry(200, "{\"state\":\"done\",\"phase\":\"done\",\"downtimeMs\":30}"));
        Path file = data.resolve("migrations.json");
        MigrationInfo m = new ManagerProcesses(registry, file).migrate("p1", to("h2"));
        List<MigrationInfo> again = new ManagerProcesses(registry, file).migrations();
        assertEquals(List.of(m.id), again.stream().map(x -> x.id).toList());
        assertEquals(30, again.get(0).downtimeMs);
    }

    @Test
    void duringAMigrationPsShowsTheRunningCopyOnly() {
        h1.routes.put("GET /api/v1/processes", Map.entry(200, "[{\"id\":\"p1\",\"host\":\"h1\",\"state\":\"migrating\"},{\"id\":\"p2\",\"host\":\"h1\",\"state\":\"exited\"}]"));
        h2.routes.put("GET /api/v1/processes", Map.entry(200, "[{\"id\":\"p1\",\"host\":\"h2\",\"state\":\"running\"}]"));
        assertEquals(List.of("p1@h2:running", "p2@h1:exited"),
                processes.list().stream().map(p -> p.id + "@" + p.host + ":" + p.state).sorted().toList());
    }
}
