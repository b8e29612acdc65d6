package org.vos.engine.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.framework.BundleContext;
import org.vos.api.engine.LaunchSpec;
import org.vos.api.engine.ManagedProcess;
import org.vos.linux.ProcFs;
import org.vos.linux.Sys;

/** The DS component without a framework: configuration defaults, and a bounded deactivation. */
class EngineComponentTest {
    static final Pattern COUNT = Pattern.compile("^count (\\d+) pid 2 OK$");
    @TempDir
    Path tmp;

    @Test
    void deactivationLetsHeldProgramsRunAndReturnsInBoundedTime() throws Exception {
        BundleContext ctx = (BundleContext) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {BundleContext.class}, (p, m, a) -> m.getName().equals("getProperty")
                        && "vos.data.dir".equals(a[0]) ? tmp.resolve("data").toString() : null);
        EngineComponent.Config config = (EngineComponent.Config) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {EngineComponent.Config.class}, (p, m, a) -> m.getName().equals("dataDir") ? "" : null);
        EngineComponent c = new EngineComponent(config, ctx);
        Path log = tmp.resolve("log");
        ManagedProcess p = c.launch(LaunchSpec.of(log.toString(), Programs.build("counter")));
        try {
            Programs.awaitValue(log, COUNT, x -> x >= 2);
            c.freeze(p.hostPid, tmp.resolve("img"), null);
            assertEquals('t', new ProcFs(Path.of("/proc")).state(p.hostPid));
            assertTimeoutPreemptively(Duration.ofSeconds(5), c::deactivate);
            long held = Programs.lastValue(log, COUNT);
            Programs.awaitValue(log, COUNT, x -> x >= held + 2);
            // the helper was unpacked under vos.data.dir/engine
            assertEquals(true, java.nio.file.Files.list(tmp.resolve("data/engine")).anyMatch(f -> f.getFileName().toString().startsWith("vos-init-")));
        } finally {
            Sys.kill(p.initPid, Sys.SIGKILL);
        }
    }
}
