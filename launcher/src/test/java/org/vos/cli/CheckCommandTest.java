package org.vos.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vos.api.preflight.Plan;
import org.vos.api.preflight.PlanItem;

import com.google.gson.Gson;
import com.sun.net.httpserver.HttpServer;

/** {@code vos check}: exit status and output from a plan served by a stand-in manager. */
class CheckCommandTest {
    @TempDir
    Path dir;
    private HttpServer server;
    private volatile Plan plan;
    private volatile String query;

    @BeforeEach
    void serve() throws Exception {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/api/v1/processes/p1/plan", ex -> {
            query = ex.getRequestURI().getQuery();
            byte[] b = new Gson().toJson(plan).getBytes(StandardCharsets.UTF_8);
            ex.getResponseHeaders().add("Content-Type", "application/json");
            ex.sendResponseHeaders(200, b.length);
            ex.getResponseBody().write(b);
            ex.close();
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private int run(ByteArrayOutputStream out, String... args) {
        Ctx ctx = new Ctx(dir, dir.resolve("state"), Map.of("VOS_URL", "http://127.0.0.1:" + server.getAddress().getPort()),
                new PrintStream(out, true, StandardCharsets.UTF_8));
        return Vos.execute(ctx, args);
    }

    private static Plan plan(boolean blocked) {
        Plan p = new Plan();
        p.host = "h1";
        p.hostPid = 42;
        p.strategy = "full";
        PlanItem fd = new PlanItem();
        fd.kind = "fd";
        fd.pid = 42;
        fd.fd = 3;
        fd.what = "anon:eventfd anon_inode:[eventfd]";
        if (blocked) {
            fd.blocker = true;
            fd.reason = "no kernel-objects virtualizer";
            fd.remedy = "start bundle org.vos.virt.kernel on h1";
        } else {
            fd.by = "kernel.eventfd";
            fd.action = "eventfd count 7";
        }
        p.items.add(fd);
        p.blockers = blocked ? 1 : 0;
        p.ok = !blocked;
        return p;
    }

    @Test
    void blockedPlanExitsNonZeroWithTheBlockerFirst() {
        plan = plan(true);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertEquals(1, run(out, "check", "p1", "--to", "h2", "--strategy", "minimal"));
        assertEquals("to=h2&strategy=minimal", query);
        String text = out.toString(StandardCharsets.UTF_8);
        assertTrue(text.lines().skip(1).findFirst().orElse("").contains("BLOCKER fd pid 42 fd 3 anon:eventfd"), text);
        assertTrue(text.contains("start bundle org.vos.virt.kernel on h1"), text);
    }

    @Test
    void cleanPlanExitsZero() {
        plan = plan(false);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertEquals(0, run(out, "check", "p1"));
        assertTrue(out.toString(StandardCharsets.UTF_8).contains("kernel.eventfd"));
        ByteArrayOutputStream json = new ByteArrayOutputStream();
        assertEquals(0, run(json, "check", "p1", "--json"));
        assertTrue(new Gson().fromJson(json.toString(StandardCharsets.UTF_8), Plan.class).ok);
    }
}
