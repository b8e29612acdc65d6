package org.vos.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.google.gson.JsonParser;

class LauncherTest {
    @TempDir
    Path tmp;

    @Test
    void variablesResolveRecursivelyAndNameWhatIsMissing() {
        Variables v = new Variables(Map.of("dir", "/run/x", "token", "${dir}/token", "unset", "${nothing}"));
        assertEquals("/run/x/token!", v.resolve("${token}!"));
        assertEquals("no placeholders", v.resolve("no placeholders"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> v.resolve("${unset}"));
        assertTrue(e.getMessage().contains("${nothing}"), e.getMessage());
        java.util.HashMap<String, String> m = new java.util.HashMap<>();
        m.put("required", null);
        e = assertThrows(IllegalArgumentException.class, () -> new Variables(m).resolve("${required}"));
        assertTrue(e.getMessage().contains("--prop required="), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new Variables(Map.of("a", "${b}", "b", "${a}")).resolve("${a}"));
    }

    @Test
    void repositoryUsesMavenLayoutWithClassifiers() throws IOException {
        Path jar = tmp.resolve("org/apache/felix/jetty/1.1/jetty-1.1-ws.jar");
        Files.createDirectories(jar.getParent());
        Files.write(jar, new byte[] {1});
        Repository repo = new Repository(tmp);
        assertEquals(jar, repo.resolve("org.apache.felix:jetty:jar:ws:1.1"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> repo.resolve("org.apache.felix:jetty:1.1"));
        assertTrue(e.getMessage().contains("not in the repository"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> repo.resolve("just-a-name"));
    }

    @Test
    void featureBundlesAreOrderedByStartOrderStably() {
        Feature f = Feature.parse(JsonParser.parseString("""
                {"id": "g:a:osgifeature:x:1", "bundles": [
                  {"id": "g:late:1", "start-order": 5}, {"id": "g:first:1", "start-order": 1},
                  "g:plain:1", {"id": "g:second:1", "start-order": 1}]}""").getAsJsonObject());
        assertEquals(List.of("g:first:1", "g:plain:1", "g:second:1", "g:late:1"), f.bundles.stream().map(Feature.BundleRef::id).toList());
    }

    @Test
    void planResolvesPropertiesConfigurationsAndBundles() throws Exception {
        Path jar = tmp.resolve("repo/g/b/1/b-1.jar");
        Files.createDirectories(jar.getParent());
        Files.write(jar, new byte[] {1});
        Path feature = tmp.resolve("f.json");
        Files.writeString(feature, """
                {"id": "g:f:osgifeature:manager:1",
                 "variables": {"vos.runtime.dir": null, "vos.http.port": "7080", "vos.host.address": "127.0.0.1"},
                 "bundles": [{"id": "g:b:1", "start-order": 1}],
                 "framework-properties": {"org.osgi.service.http.port": "${vos.http.port}",
                   "org.osgi.service.http.host": "${vos.host.address}", "deploy": "${vos.runtime.dir}/deploy"},
                 "configurations": {"pid.a": {"file": "${vos.runtime.dir}/token", "n": 3}}}""", StandardCharsets.UTF_8);
        Main.Plan plan = Main.plan(Main.Options.parse("--feature", feature.toString(), "--repo", tmp.resolve("repo").toString(),
                "--dir", tmp.resolve("rt").toString(), "--prop", "vos.http.port=9999", "--prop", "extra=${vos.http.port}"));
        Path rt = tmp.resolve("rt").toAbsolutePath();
        assertEquals("9999", plan.frameworkProperties().get("org.osgi.service.http.port"));
        assertEquals(rt + "/deploy", plan.frameworkProperties().get("deploy"));
        assertEquals("9999", plan.frameworkProperties().get("extra"));
        assertEquals(rt + "/felix-cache", plan.frameworkProperties().get("org.osgi.framework.storage"));
        assertEquals(rt + "/token", plan.configurations().getAsJsonObject("pid.a").get("file").getAsString());
        assertEquals(3, plan.configurations().getAsJsonObject("pid.a").get("n").getAsInt());
        assertEquals(List.of(jar.toAbsolutePath()), plan.bundles());
        assertEquals(9999, plan.httpPort());
        assertEquals("127.0.0.1", plan.httpHost());
    }

    @Test
    void badCommandLinesAreUsageErrors() {
        Main.LaunchException e = assertThrows(Main.LaunchException.class, () -> Main.Options.parse("--feature", "f.json"));
        assertEquals(Main.EXIT_USAGE, e.exit);
        e = assertThrows(Main.LaunchException.class, () -> Main.Options.parse("--prop", "novalue", "--feature", "f", "--repo", "r", "--dir", "d"));
        assertTrue(e.getMessage().contains("name=value"), e.getMessage());
        e = assertThrows(Main.LaunchException.class, () -> Main.Options.parse("--bogus", "x"));
        assertTrue(e.getMessage().contains("unknown option --bogus"), e.getMessage());
    }

    @Test
    void aDirectoryOfALiveRuntimeIsRefusedAStaleOneIsNot() throws Exception {
        Path pid = tmp.resolve("runtime.pid");
        Main.checkDirFree(pid);
        Files.writeString(pid, "999999999\n");
        Main.checkDirFree(pid);
        // a live process that is no runtime (this test JVM's parent shell or the JVM itself) does not count
        Files.writeString(pid, ProcessHandle.current().pid() + "\n");
        Main.checkDirFree(pid);
        Process fake = new ProcessBuilder("sh", "-c", "read line", "org.vos.launcher.Main").start(); // a builtin: no child left behind
        try {
            Files.writeString(pid, fake.pid() + "\n");
            Main.LaunchException e = assertThrows(Main.LaunchException.class, () -> Main.checkDirFree(pid));
            assertTrue(e.getMessage().contains("in use by the runtime with pid " + fake.pid()), e.getMessage());
        } finally {
            fake.destroy();
            fake.waitFor();
        }
    }

    @Test
    void aPortInUseIsOneClearLine() throws IOException {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            int port = taken.getLocalPort();
            Main.LaunchException e = assertThrows(Main.LaunchException.class, () -> Main.checkPortFree("127.0.0.1", port));
            assertEquals("port " + port + " on 127.0.0.1 is in use", e.getMessage());
            assertEquals(Main.EXIT_USAGE, e.exit);
        }
    }
}
