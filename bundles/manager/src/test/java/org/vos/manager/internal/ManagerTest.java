package org.vos.manager.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vos.api.domain.VosException;
import org.vos.api.model.HostInfo;
import org.vos.api.model.CheckpointRequest;
import org.vos.api.model.MigrateRequest;
import org.vos.api.model.RestoreRequest;

class ManagerTest {
    @TempDir
    Path data;
    private final AtomicLong now = new AtomicLong(1_000_000);
    private FakeExecutive h1;
    private HostRegistry registry;

    @BeforeEach
    void setUp() throws Exception {
        h1 = new FakeExecutive();
        h1.body = "{\"name\":\"h1\",\"state\":\"up\",\"bundles\":5,\"processes\":0,\"executivePid\":4242,\"kernel\":\"6.18\"}";
        registry = registry();
    }

    @AfterEach
    void tearDown() throws Exception {
        registry.deactivate();
        h1.close();
    }

    private HostRegistry registry() {
        return new HostRegistry(new HostStore(data), "tok", 3000, Duration.ofSeconds(2), now::get, true);
    }

    private static HostInfo host(String name, int port) {
        HostInfo h = new HostInfo();
        h.name = name;
        h.address = "127.0.0.1";
        h.port = port;
        return h;
    }

    @Test
    void aRegisteredHostIsUpOnceItAnswersAndDownWhenItStopsAnswering() {
        registry.register(host("h1", h1.port()));
        registry.beat("h1");
        HostInfo up = registry.host("h1");
        assertEquals("up", up.state);
        assertEquals(5, up.bundles);
        assertEquals(4242, up.executivePid);
        assertTrue(h1.seen.contains("GET /api/v1/hosts/h1 token=null body="), h1.seen.toString());

        h1.status = 500;
        h1.body = "{\"error\":\"broken\",\"code\":\"internal\"}";
        now.addAndGet(2000);
        registry.beat("h1");
        assertEquals("up", registry.host("h1").state, "one missed beat is not down yet");
        now.addAndGet(1500);
        registry.beat("h1");
        assertEquals("down", registry.host("h1").state);
        VosException e = assertThrows(VosException.class, () -> registry.client("h1"));
        assertEquals("host-down", e.code());
        assertEquals(503, e.status());

        h1.status = 200;
        h1.body = "{\"name\":\"h1\",\"bundles\":6}";
        registry.beat("h1");
        assertEquals("up", registry.host("h1").state);
        assertEquals(6, registry.host("h1").bundles);
    }

    @Test
    void aHostNeverHeardFromIsDown() {
        registry.register(host("h2", 1));
        assertEquals("down", registry.host("h2").state);
    }

    @Test
    void registeredHostsSurviveARestart() throws Exception {
        registry.register(host("h1", h1.port()));
        registry.register(host("h2", 7090));
        registry.unregister("h2");
        registry.deactivate();
        registry = registry();
        assertEquals(1, registry.hosts().size());
        assertEquals(h1.port(), registry.host("h1").port);
    }

    @Test
    void unknownAndInvalidHostsAreRefused() {
        VosException unknown = assertThrows(VosException.class, () -> registry.host("h9"));
        assertEquals(404, unknown.status());
        assertEquals("unknown-host", unknown.code());
        assertEquals("unknown-host", assertThrows(VosException.class, () -> registry.unregister("h9")).code());
        assertEquals(400, assertThrows(VosException.class, () -> registry.register(host("../x", 1))).status());
        assertEquals(400, assertThrows(VosException.class, () -> registry.register(host("h3", 0))).status());
    }

    @Test
    void bundleCallsForAHostGoToItsExecutiveWithTheToken() {
        registry.register(host("h1", h1.port()));
        registry.beat("h1");
        ManagerBundles bundles = new ManagerBundles(null, registry);
        h1.body = "{\"id\":9,\"symbolicName\":\"org.x\",\"state\":\"ACTIVE\"}";
        assertEquals("ACTIVE", bundles.install("h1", "x.jar", new ByteArrayInputStream("JAR".getBytes()), true).state);
        assertTrue(h1.seen.contains("POST /api/v1/bundles?start=true&name=x.jar token=tok body=JAR"), h1.seen.toString());
        assertEquals("unknown-host", assertThrows(VosException.class, () -> bundles.list("h9")).code());
    }

    @Test
    void processCallsPassTheExecutivesAnswerThrough() {
        registry.register(host("h1", h1.port()));
        registry.beat("h1");
        ManagerProcesses processes = new ManagerProcesses(registry);
        h1.status = 501;
        h1.body = "{\"error\":\"process management is not available yet\",\"code\":\"not-available\"}";
        VosException e = assertThrows(VosException.class, processes::list);
        assertEquals(501, e.status());
        assertEquals("process management is not available yet", e.getMessage());
        MigrateRequest toNowhere = new MigrateRequest();
        toNowhere.to = "h9";
        assertEquals("unknown-host", assertThrows(VosException.class, () -> processes.migrate("p1", toNowhere)).code());
    }

    @Test
    void anImageIsRestoredWhereItWasWrittenUnlessAHostIsNamed() throws Exception {
        try (FakeExecutive h2 = new FakeExecutive()) {
            h2.body = "{\"name\":\"h2\",\"state\":\"up\"}";
            registry.register(host("h1", h1.port()));
            registry.register(host("h2", h2.port()));
            String noImage = "{\"error\":\"no image directory /tmp/img\",\"code\":\"no-image\"}";
            h1.routes.put("POST /api/v1/images/restore", Map.entry(404, noImage));
            h2.routes.put("POST /api/v1/images/restore", Map.entry(200, "{\"id\":\"p1\",\"host\":\"h2\"}"));
            ManagerProcesses processes = new ManagerProcesses(registry);
            RestoreRequest r = new RestoreRequest();
            r.dir = "/tmp/img";
            assertEquals("h2", processes.restore(r).host, "found on the host that has the directory");

            h2.routes.put("POST /api/v1/images/restore", Map.entry(404, noImage));
            assertEquals("no-image", assertThrows(VosException.class, () -> processes.restore(r)).code());

            // a checkpoint through the manager remembers where the image went
            h1.routes.put("GET /api/v1/processes/p7", Map.entry(200, "{\"id\":\"p7\",\"host\":\"h1\"}"));
            h2.routes.put("GET /api/v1/processes/p7", Map.entry(404, "{\"error\":\"no process p7\",\"code\":\"unknown-process\"}"));
            h1.routes.put("POST /api/v1/processes/p7/checkpoint", Map.entry(200, "{\"dir\":\"/tmp/img7\"}"));
            CheckpointRequest c = new CheckpointRequest();
            c.dir = "/tmp/img7";
            assertEquals("h1", processes.checkpoint("p7", c).host);
            h1.routes.put("POST /api/v1/images/restore", Map.entry(500, "{\"error\":\"pid 42 is taken\",\"code\":\"pid-taken\"}"));
            RestoreRequest r7 = new RestoreRequest();
            r7.dir = "/tmp/img7";
            assertEquals("pid-taken", assertThrows(VosException.class, () -> processes.restore(r7)).code(), "h1's own answer, not another host's");
        }
    }

    @Test
    void withNoHostUpALaunchHasNowhereToGo() {
        ManagerProcesses processes = new ManagerProcesses(registry);
        VosException e = assertThrows(VosException.class, () -> processes.run(new org.vos.api.model.RunRequest()));
        assertEquals("no-host", e.code());
        assertEquals(0, processes.list().size());
    }
}
