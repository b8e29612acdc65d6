package org.vos.itest;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import javax.inject.Inject;

import org.junit.Assume;
import org.junit.Before;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.BundleContext;
import org.vos.api.runtime.BundleManager;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

/**
 * The REST API of a manager over real HTTP on 127.0.0.1: reads are open, every mutating call
 * needs the domain token, errors carry their code.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class RestIT {
    private static final String SAMPLE = "org.vos.itest.sample";

    @Inject
    private BundleContext context;

    /** Injected so that the runtime services (and with them the REST servlet's data) are up. */
    @Inject
    private BundleManager bundles;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    @Configuration
    public Option[] config() {
        return VosOptions.runtime("manager");
    }

    @Before
    public void apiIsUp() throws InterruptedException {
        assertTrue("the REST API did not come up", RestApi.awaitVersion(context, 30_000) != null);
    }

    @Test
    public void readsNeedNoToken() throws Exception {
        HttpResponse<String> r = send(get("/version"));
        assertEquals(r.body(), 200, r.statusCode());
        JsonObject v = json(r);
        assertEquals("manager", v.get("role").getAsString());
        assertEquals(ProcessHandle.current().pid(), v.get("pid").getAsLong());
        r = send(get("/features"));
        assertEquals(200, r.statusCode());
        assertTrue(r.body(), json(r).has("kernel_release"));
    }

    @Test
    public void aPostWithoutTheTokenIsRefusedAndChangesNothing() throws Exception {
        int before = bundles.list().size();
        HttpResponse<String> r = send(install(null));
        assertEquals(r.body(), 401, r.statusCode());
        assertEquals("unauthorized", json(r).get("code").getAsString());
        r = send(install("not-the-token"));
        assertEquals(r.body(), 401, r.statusCode());
        assertEquals(before, bundles.list().size());
    }

    @Test
    public void aPostWithTheTokenWorks() throws Exception {
        HttpResponse<String> r = send(install(token()));
        assertEquals(r.body(), 200, r.statusCode());
        JsonObject info = json(r);
        assertEquals(SAMPLE, info.get("symbolicName").getAsString());
        assertEquals("ACTIVE", info.get("state").getAsString());

        r = send(request("/bundles/" + SAMPLE + "/stop", token()).POST(BodyPublishers.noBody()).build());
        assertEquals(r.body(), 200, r.statusCode());
        assertEquals("RESOLVED", json(r).get("state").getAsString());

        r = send(request("/bundles/" + SAMPLE, null).DELETE().build());
        assertEquals(401, r.statusCode());
        r = send(request("/bundles/" + SAMPLE, token()).DELETE().build());
        assertEquals(r.body(), 204, r.statusCode());
        assertTrue(bundles.list().stream().noneMatch(b -> SAMPLE.equals(b.symbolicName)));
    }

    @Test
    public void errorsCarryTheirCode() throws Exception {
        HttpResponse<String> r = send(request("/bundles?start=true&name=broken.jar", token())
                .POST(BodyPublishers.ofFile(TestBundles.jar("org.vos.itest.broken.jar"))).build());
        assertEquals(r.body(), 422, r.statusCode());
        JsonObject e = json(r);
        assertEquals("unresolved", e.get("code").getAsString());
        assertTrue(e.get("error").getAsString(), e.get("error").getAsString().contains("org.vos.itest.nobody"));

        r = send(request("/bundles/no.such.bundle/start", token()).POST(BodyPublishers.noBody()).build());
        assertEquals(404, r.statusCode());
        assertEquals("unknown-bundle", json(r).get("code").getAsString());

        r = send(get("/no-such-thing"));
        assertEquals(404, r.statusCode());
        assertEquals("not-found", json(r).get("code").getAsString());
    }

    @Test
    public void httpListensOnTheHostAddressOnly() throws Exception {
        int port = Integer.parseInt(context.getProperty("vos.http.port"));
        InetAddress other = null;
        for (NetworkInterface nic : java.util.Collections.list(NetworkInterface.getNetworkInterfaces())) {
            for (InetAddress a : java.util.Collections.list(nic.getInetAddresses())) {
                if (!a.isLoopbackAddress() && !a.isLinkLocalAddress() && nic.isUp()) {
                    other = a;
                }
            }
        }
        Assume.assumeNotNull("no address but loopback on this machine", other);
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(other, port), 2000);
            fail("the runtime answers on " + other + ":" + port + ", not only on 127.0.0.1");
        } catch (IOException expected) {
            // refused: bound to 127.0.0.1 alone
        }
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 2000);
        }
    }

    private HttpRequest install(String token) throws IOException {
        return request("/bundles?start=true&name=" + SAMPLE + ".jar", token)
                .header("Content-Type", "application/octet-stream")
                .POST(BodyPublishers.ofFile(TestBundles.jar(SAMPLE + ".jar"))).build();
    }

    private HttpRequest get(String path) {
        return request(path, null).GET().build();
    }

    private HttpRequest.Builder request(String path, String token) {
        String base = "http://127.0.0.1:" + context.getProperty("vos.http.port") + "/api/v1";
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30));
        if (token != null) {
            b.header("X-Vos-Token", token);
        }
        return b;
    }

    private HttpResponse<String> send(HttpRequest request) throws IOException, InterruptedException {
        return http.send(request, BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    private String token() throws IOException {
        return Files.readString(Path.of(context.getProperty("vos.token.file")), StandardCharsets.UTF_8).trim();
    }

    private static JsonObject json(HttpResponse<String> r) {
        return JsonParser.parseString(r.body()).getAsJsonObject();
    }
}
