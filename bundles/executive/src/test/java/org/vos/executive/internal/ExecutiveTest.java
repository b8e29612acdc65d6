package org.vos.executive.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayInputStream;
import java.lang.annotation.Annotation;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.vos.api.domain.VosException;
import org.vos.api.model.HostInfo;
import org.vos.api.model.RunRequest;

class ExecutiveTest {
    private final FakeBundleManager framework = new FakeBundleManager();
    private final Self self = new Self("h1", "10.77.0.11", 7090, "/var/lib/vos/data");
    private final EngineProcesses processes = new EngineProcesses(new FakeEngine(), self);

    @Test
    void reportsItselfWithLiveCountsAndItsPid() {
        framework.install("a.jar", new ByteArrayInputStream("org.a".getBytes()), true);
        framework.install("b.jar", new ByteArrayInputStream("org.b".getBytes()), false);
        ExecutiveHosts hosts = new ExecutiveHosts(self, framework, processes);
        HostInfo h = hosts.host("h1");
        assertEquals("10.77.0.11", h.address);
        assertEquals(7090, h.port);
        assertEquals("up", h.state);
        assertEquals(2, h.bundles);
        assertEquals(0, h.processes);
        assertEquals(ProcessHandle.current().pid(), h.executivePid);
        assertEquals(1, hosts.hosts().size());
    }

    @Test
    void otherHostNamesAreUnknown() {
        ExecutiveHosts hosts = new ExecutiveHosts(self, framework, processes);
        assertEquals("unknown-host", assertThrows(VosException.class, () -> hosts.host("h2")).code());
        ExecutiveBundles bundles = new ExecutiveBundles("h1", framework);
        VosException e = assertThrows(VosException.class, () -> bundles.list("h2"));
        assertEquals(404, e.status());
        assertEquals("unknown-host", e.code());
    }

    @Test
    void ownNameOrNoneIsTheLocalFramework() {
        ExecutiveBundles bundles = new ExecutiveBundles("h1", framework);
        bundles.install(null, "x.jar", new ByteArrayInputStream("org.x".getBytes()), false);
        assertEquals("ACTIVE", bundles.start("h1", "org.x").state);
        assertEquals("RESOLVED", bundles.stop(null, "org.x").state);
        bundles.uninstall("h1", "org.x");
        assertEquals(0, bundles.list(null).size());
    }

    @Test
    void emptyConfigurationFallsBackToFrameworkProperties() {
        Map<String, String> props = Map.of("vos.host.name", "h2", "vos.host.address", "10.77.0.12", "vos.http.port", "7091");
        Self s = Self.of(config("", "", 0, ""), props::get);
        assertEquals(new Self("h2", "10.77.0.12", 7091, "/var/lib/vos/data"), s);
        Self configured = Self.of(config("h3", "10.0.0.3", 8000, "/d"), props::get);
        assertEquals(new Self("h3", "10.0.0.3", 8000, "/d"), configured);
    }

    private static ExecutiveConfig config(String name, String address, int port, String dataDir) {
        return new ExecutiveConfig() {
            @Override
            public Class<? extends Annotation> annotationType() {
                return ExecutiveConfig.class;
            }

            @Override
            public String name() {
                return name;
            }

            @Override
            public String address() {
                return address;
            }

            @Override
            public int port() {
                return port;
            }

            @Override
            public String dataDir() {
                return dataDir;
            }
        };
    }
}
