package org.vos.rest.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.vos.api.domain.Bundles;
import org.vos.api.domain.Hosts;
import org.vos.api.domain.Processes;
import org.vos.api.domain.VosException;
import org.vos.api.model.BundleInfo;
import org.vos.api.model.CheckpointRequest;
import org.vos.api.model.HostInfo;
import org.vos.api.model.ImageInfo;
import org.vos.api.model.MigrateRequest;
import org.vos.api.model.MigrationInfo;
import org.vos.api.model.ProcessInfo;
import org.vos.api.model.RestoreRequest;
import org.vos.api.model.RunRequest;
import org.vos.api.model.VersionInfo;
import org.vos.api.runtime.BundleManager;
import org.vos.api.runtime.DomainToken;
import org.vos.api.runtime.KernelFeatures;

import com.google.gson.Gson;

/** Routing, the token check and the 503 of absent services, against recording fakes. */
class ApiTest {
    private final List<String> calls = new ArrayList<>();
    private Hosts hosts = new FakeHosts();
    private Bundles bundles = new FakeBundles();
    private Processes processes = new FakeProcesses();
    private final BundleManager bundleManager = new FakeBundleManager();

    private final Api api = new Api(new Services() {
        public Hosts hosts() {
            return hosts;
        }

        public Bundles bundles() {
            return bundles;
        }

        public Processes processes() {
            return processes;
        }

        public BundleManager bundleManager() {
            return bundleManager;
        }

        public KernelFeatures features() {
            return () -> Map.of("kernel_release", "6.18");
        }

        public DomainToken token() {
            return new DomainToken() {
                public boolean matches(String candidate) {
                    return "t0ken".equals(candidate);
                }

                public String value() {
                    return "t0ken";
                }
            };
        }

        public VersionInfo version() {
            VersionInfo v = new VersionInfo();
            v.role = "manager";
            return v;
        }
    }, new Gson());

    private ApiResponse call(String method, String path, String token, String body) {
        List<String> segments = new ArrayList<>();
        String query = "";
        int q = path.indexOf('?');
        if (q >= 0) {
            query = path.substring(q + 1);
            path = path.substring(0, q);
        }
        segments.addAll(Arrays.stream(path.split("/")).filter(s -> !s.isEmpty()).toList());
        InputStream in = body == null ? null : new ByteArrayInputStream(body.getBytes(StandardCharsets.UTF_8));
        return api.handle(new ApiRequest(method, segments, RestServlet.query(query), token, in));
    }

    private VosException error(String method, String path, String token, String body) {
        return assertThrows(VosException.class, () -> call(method, path, token, body));
    }

    @Test
    void readsAreOpenAndWritesNeedTheToken() {
        assertEquals(200, call("GET", "/hosts", null, null).status());
        VosException e = error("POST", "/hosts", null, "{\"name\":\"h1\"}");
        assertEquals(401, e.status());
        assertEquals("unauthorized", e.code());
        assertEquals(401, error("DELETE", "/hosts/h1", "wrong", null).status());
        assertEquals(401, error("POST", "/bundles/x/start", "", null).status());
        assertEquals(List.of("hosts"), calls, "refused calls reach no service");
        assertEquals(200, call("POST", "/hosts", "t0ken", "{\"name\":\"h1\"}").status());
        assertEquals("register h1", calls.get(calls.size() - 1));
    }

    @Test
    void routesReachTheirService() {
        call("GET", "/hosts/h2", null, null);
        assertEquals(204, call("DELETE", "/hosts/h2", "t0ken", null).status());
        call("GET", "/hosts/h2/bundles", null, null);
        call("POST", "/hosts/h2/bundles?start=true&name=a.jar", "t0ken", "jar");
        call("POST", "/hosts/h2/bundles/org.x/stop", "t0ken", null);
        call("PUT", "/hosts/h2/bundles/org.x", "t0ken", "jar");
        call("DELETE", "/hosts/h2/bundles/org.x", "t0ken", null);
        call("GET", "/bundles", null, null);
        call("POST", "/bundles?name=b.jar", "t0ken", "jar");
        call("POST", "/bundles/org.y/start", "t0ken", null);
        call("GET", "/processes", null, null);
        call("POST", "/processes", "t0ken", "{\"command\":[\"sleep\",\"9\"]}");
        call("POST", "/processes/p1/checkpoint", "t0ken", "{\"dir\":\"/d\"}");
        call("POST", "/processes/p1/migrate", "t0ken", "{\"to\":\"h2\"}");
        call("POST", "/images/restore", "t0ken", "{\"dir\":\"/d\"}");
        call("GET", "/migrations", null, null);
        assertEquals(204, call("DELETE", "/processes/p1", "t0ken", null).status());
        assertEquals(List.of("host h2", "unregister h2", "list h2", "install h2 a.jar true", "stop h2 org.x", "update h2 org.x",
                "uninstall h2 org.x", "local list", "local install b.jar false", "local start org.y", "processes",
                "run [sleep, 9]", "checkpoint p1 /d", "migrate p1 h2", "restore /d", "migrations", "kill p1"), calls);
    }

    @Test
    void logsAreRawBytesFromAnOffset() {
        ApiResponse r = call("GET", "/processes/p1/logs?offset=2", null, null);
        assertArrayEquals("llo".getBytes(StandardCharsets.UTF_8), r.raw());
        assertEquals("bad-request", error("GET", "/processes/p1/logs?offset=-1", null, null).code());
        assertEquals("bad-request", error("GET", "/processes/p1/logs?offset=x", null, null).code());
    }

    @Test
    void absentServicesAnswer503() {
        hosts = null;
        processes = null;
        bundles = null;
        for (String path : List.of("/hosts", "/hosts/h1", "/processes", "/migrations", "/hosts/h1/bundles")) {
            VosException e = error("GET", path, null, null);
            assertEquals(503, e.status(), path);
            assertEquals("unavailable", e.code(), path);
        }
        assertEquals(200, call("GET", "/bundles", null, null).status(), "the local bundle manager needs no domain service");
        Map<?, ?> status = (Map<?, ?>) call("GET", "/status", null, null).json();
        assertEquals(false, ((Map<?, ?>) status.get("services")).get("hosts"));
    }

    @Test
    void unknownPathsMethodsAndBodies() {
        assertEquals("not-found", error("GET", "/nothing", null, null).code());
        assertEquals("not-found", error("GET", "/version/extra", null, null).code());
        assertEquals(405, error("PUT", "/hosts", "t0ken", "{}").status());
        assertEquals(405, error("GET", "/processes/p1/migrate", null, null).status());
        assertEquals(405, error("GET", "/bundles/org.x/start", null, null).status());
        VosException e = error("POST", "/processes", "t0ken", "{not json");
        assertEquals(400, e.status());
        assertEquals("bad-request", e.code());
        assertEquals("bad-request", error("POST", "/processes", "t0ken", null).code());
        assertEquals("unknown-bundle", error("GET", "/bundles/none", null, null).code());
        assertInstanceOf(Map.class, call("GET", "/features", null, null).json());
    }

    private static BundleInfo bundle(String bsn) {
        BundleInfo b = new BundleInfo();
        b.symbolicName = bsn;
        return b;
    }

    private final class FakeHosts implements Hosts {
        public List<HostInfo> hosts() {
            calls.add("hosts");
            return List.of();
        }

        public HostInfo host(String name) {
            calls.add("host " + name);
            return new HostInfo();
        }

        @Override
        public HostInfo register(HostInfo host) {
            calls.add("register " + host.name);
            return host;
        }

        @Override
        public void unregister(String name) {
            calls.add("unregister " + name);
        }
    }

    private final class FakeBundles implements Bundles {
        public List<BundleInfo> list(String host) {
            calls.add("list " + host);
            return List.of();
        }

        public BundleInfo install(String host, String fileName, InputStream jar, boolean start) {
            calls.add("install " + host + " " + fileName + " " + start);
            return bundle("x");
        }

        public BundleInfo start(String host, String bsn) {
            calls.add("start " + host + " " + bsn);
            return bundle(bsn);
        }

        public BundleInfo stop(String host, String bsn) {
            calls.add("stop " + host + " " + bsn);
            return bundle(bsn);
        }

        public BundleInfo update(String host, String bsn, InputStream jar) {
            calls.add("update " + host + " " + bsn);
            return bundle(bsn);
        }

        public void uninstall(String host, String bsn) {
            calls.add("uninstall " + host + " " + bsn);
        }
    }

    private final class FakeBundleManager implements BundleManager {
        public List<BundleInfo> list() {
            calls.add("local list");
            return List.of(bundle("org.x"));
        }

        public BundleInfo install(String fileName, InputStream jar, boolean start) {
            calls.add("local install " + fileName + " " + start);
            return bundle("x");
        }

        public BundleInfo start(String bsn) {
            calls.add("local start " + bsn);
            return bundle(bsn);
        }

        public BundleInfo stop(String bsn) {
            calls.add("local stop " + bsn);
            return bundle(bsn);
        }

        public BundleInfo update(String bsn, InputStream jar) {
            calls.add("local update " + bsn);
            return bundle(bsn);
        }

        public void uninstall(String bsn) {
            calls.add("local uninstall " + bsn);
        }
    }

    private final class FakeProcesses implements Processes {
        public List<ProcessInfo> list() {
            calls.add("processes");
            return List.of();
        }

        public ProcessInfo get(String id) {
            calls.add("get " + id);
            return new ProcessInfo();
        }

        public ProcessInfo run(RunRequest request) {
            calls.add("run " + request.command);
            return new ProcessInfo();
        }

        public ImageInfo checkpoint(String id, CheckpointRequest request) {
            calls.add("checkpoint " + id + " " + request.dir);
            return new ImageInfo();
        }

        public ProcessInfo restore(RestoreRequest request) {
            calls.add("restore " + request.dir);
            return new ProcessInfo();
        }

        public MigrationInfo migrate(String id, MigrateRequest request) {
            calls.add("migrate " + id + " " + request.to);
            return new MigrationInfo();
        }

        public List<MigrationInfo> migrations() {
            calls.add("migrations");
            return List.of();
        }

        public void kill(String id) {
            calls.add("kill " + id);
        }

        public byte[] logs(String id, long offset) {
            byte[] all = "hello".getBytes(StandardCharsets.UTF_8);
            return Arrays.copyOfRange(all, (int) Math.min(offset, all.length), all.length);
        }
    }
}
