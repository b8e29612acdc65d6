package org.vos.client;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.vos.api.domain.VosException;
import org.vos.api.model.BundleInfo;
import org.vos.api.model.HostInfo;
import org.vos.api.model.RunRequest;

/** The client against a real HTTP server on loopback that records what it received. */
class VosClientTest {
    private HttpServer server;
    private final List<String> seen = new CopyOnWriteArrayList<>();
    private volatile int status = 200;
    private volatile String answer = "{}";

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", this::handle);
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private void handle(HttpExchange ex) throws IOException {
        byte[] body = ex.getRequestBody().readAllBytes();
        seen.add(ex.getRequestMethod() + " " + ex.getRequestURI() + " token=" + ex.getRequestHeaders().getFirst("X-Vos-Token")
                + " body=" + new String(body, StandardCharsets.UTF_8));
        byte[] out = answer.getBytes(StandardCharsets.UTF_8);
        ex.sendResponseHeaders(status, out.length == 0 ? -1 : out.length);
        if (out.length > 0) {
            ex.getResponseBody().write(out);
        }
        ex.close();
    }

    private VosClient client(String token) {
        return new VosClient("http://127.0.0.1:" + server.getAddress().getPort() + "/", token, Duration.ofSeconds(5));
    }

    @Test
    void listsHostsAndSendsNoTokenWhenNoneIsGiven() {
        answer = "[{\"name\":\"h1\",\"address\":\"10.77.0.11\",\"port\":7090,\"state\":\"up\",\"bundles\":12}]";
        List<HostInfo> hosts = client(null).hosts();
        assertEquals(1, hosts.size());
        assertEquals("h1", hosts.get(0).name);
        assertEquals(12, hosts.get(0).bundles);
        assertEquals("GET /api/v1/hosts token=null body=", seen.get(0));
    }

    @Test
    void installPostsTheJarToTheHostWithTheToken() {
        answer = "{\"id\":7,\"symbolicName\":\"org.x\",\"version\":\"1.0.0\",\"state\":\"ACTIVE\"}";
        BundleInfo b = client("secret").install("h1", "x 1.jar", new ByteArrayInputStream("JAR".getBytes()), true);
        assertEquals("ACTIVE", b.state);
        assertEquals("POST /api/v1/hosts/h1/bundles?start=true&name=x+1.jar token=secret body=JAR", seen.get(0));
    }

    @Test
    void localBundleOperationsUseTheRuntimesOwnPath() {
        answer = "{\"id\":7,\"symbolicName\":\"org.x\",\"state\":\"RESOLVED\"}";
        client("t").stop(null, "org.x");
        answer = "";
        client("t").uninstall(null, "org.x");
        assertEquals("POST /api/v1/bundles/org.x/stop token=t body=", seen.get(0));
        assertEquals("DELETE /api/v1/bundles/org.x token=t body=", seen.get(1));
    }

    @Test
    void runSendsTheRequestAsJson() {
        answer = "{\"id\":\"p1\",\"host\":\"h2\",\"state\":\"running\"}";
        RunRequest r = new RunRequest();
        r.command.add("sleep");
        r.command.add("9");
        assertEquals("h2", client("t").run(r).host);
        assertEquals("POST /api/v1/processes token=t body={\"command\":[\"sleep\",\"9\"],\"tty\":false,\"env\":{}}", seen.get(0));
    }

    @Test
    void errorBodiesBecomeTheServersException() {
        status = 404;
        answer = "{\"error\":\"no host named h9\",\"code\":\"unknown-host\",\"detail\":\"known: h1, h2\"}";
        VosException e = assertThrows(VosException.class, () -> client("t").list("h9"));
        assertEquals(404, e.status());
        assertEquals("unknown-host", e.code());
        assertEquals("no host named h9", e.getMessage());
        assertEquals("known: h1, h2", e.detail());
    }

    @Test
    void foreignErrorPagesStillGiveTheStatus() {
        status = 401;
        answer = "<html>nope</html>";
        VosException e = assertThrows(VosException.class, () -> client("bad").start(null, "org.x"));
        assertEquals(401, e.status());
        assertEquals("unauthorized", e.code());
    }

    @Test
    void logsAreRawBytes() {
        answer = "hello\n";
        assertArrayEquals("hello\n".getBytes(), client(null).logs("p1", 3));
        assertEquals("GET /api/v1/processes/p1/logs?offset=3 token=null body=", seen.get(0));
    }

    @Test
    void aClosedPortIsUnreachable() throws IOException {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        VosClient c = new VosClient("http://127.0.0.1:" + port, null, Duration.ofSeconds(2));
        VosException e = assertThrows(VosException.class, c::version);
        assertEquals(503, e.status());
        assertEquals("unreachable", e.code());
    }

    @Test
    void aNonJsonAnswerIsABadResponse() {
        answer = "not json {";
        VosException e = assertThrows(VosException.class, () -> client(null).version());
        assertEquals("bad-response", e.code());
    }
}
