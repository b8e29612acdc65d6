package org.vos.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vos.api.domain.VosException;

class CliTest {
    @TempDir
    Path dir;

    private Path fakeBuild(Path root) throws IOException {
        Files.createDirectories(root.resolve("api/src/main/java"));
        Files.writeString(root.resolve("pom.xml"), "<project/>");
        Files.writeString(root.resolve("api/src/main/java/A.java"), "class A {}");
        for (Path p : Build.outputs(root)) {
            Files.createDirectories(p.getParent());
            if (p.toString().endsWith("lib") || p.toString().endsWith("repository")) {
                Files.createDirectories(p);
            } else {
                Files.writeString(p, "x");
            }
        }
        return root;
    }

    @Test
    void aBuildIsStaleWhenMissingUnstampedOrOlderThanASource() throws IOException {
        Path root = dir.resolve("repo");
        Files.createDirectories(root);
        assertTrue(Build.staleness(root).startsWith("missing"));
        fakeBuild(root);
        assertEquals("not built by vos yet", Build.staleness(root));
        Build.stamp(root, FileTime.fromMillis(System.currentTimeMillis() + 60_000));
        assertNull(Build.staleness(root));
        Files.setLastModifiedTime(root.resolve("api/src/main/java/A.java"), FileTime.fromMillis(System.currentTimeMillis() + 120_000));
        assertEquals("api/src/main/java/A.java changed since the last build", Build.staleness(root));
    }

    @Test
    void buildOutputsDoNotCountAsSources() throws IOException {
        Path root = fakeBuild(dir.resolve("repo"));
        Build.stamp(root, FileTime.fromMillis(System.currentTimeMillis() + 60_000));
        Files.createDirectories(root.resolve("api/target/src"));
        Files.writeString(root.resolve("api/target/src/B.java"), "generated");
        Files.setLastModifiedTime(root.resolve("api/target/src/B.java"), FileTime.fromMillis(System.currentTimeMillis() + 120_000));
        assertNull(Build.staleness(root));
    }

    @Test
    void errorsAreOneLineWithTheServersDetail() {
        VosException e = new VosException(409, "unresolved", "org.x cannot be resolved", "missing: osgi.wiring.package=org.nowhere\n(and more)", null);
        assertEquals("org.x cannot be resolved: missing: osgi.wiring.package=org.nowhere; (and more)", Vos.message(e));
        assertEquals("port 7080 on 127.0.0.1 is in use", Vos.message(new CliException("port 7080 on 127.0.0.1 is in use")));
    }

    @Test
    void hostNamesFitLinuxInterfaceNames() {
        String veth = Layout.veth(Layout.hostName(Layout.MAX_HOSTS));
        assertTrue(veth.length() <= 15, veth);
        assertTrue(Layout.HOST_NETNS.matcher(Layout.netns("h12")).matches());
        assertEquals("10.77.0.11", Layout.address(1));
        assertEquals("10.77.0.210", Layout.address(Layout.MAX_HOSTS));
    }

    @Test
    void usageErrorsExitTwoAndCommandErrorsOne() {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        // a state dir with no domain and a manager URL where nothing listens
        Ctx ctx = new Ctx(dir, dir.resolve("state"), Map.of("VOS_URL", "http://127.0.0.1:1"), new PrintStream(buf, true, StandardCharsets.UTF_8));
        assertEquals(2, Vos.execute(ctx, "no-such-command"));
        assertEquals(1, Vos.execute(ctx, "hosts"));
        assertEquals(1, Vos.execute(ctx, "status", "--json"));
        assertEquals(1, Vos.execute(ctx, "bundles", "--host", "h1", "install", dir.resolve("absent.jar").toString()));
    }

    @Test
    void tablesAlignColumns() {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        Ctx ctx = new Ctx(dir, dir, Map.of(), new PrintStream(buf, true, StandardCharsets.UTF_8));
        ctx.table(List.of("NAME", "STATE"), List.of(List.of("h1", "up"), List.of("h10", "down")));
        assertEquals("NAME  STATE\nh1    up\nh10   down\n", buf.toString(StandardCharsets.UTF_8));
    }
}
