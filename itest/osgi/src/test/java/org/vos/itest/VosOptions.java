package org.vos.itest;

import static org.ops4j.pax.exam.CoreOptions.bundle;
import static org.ops4j.pax.exam.CoreOptions.cleanCaches;
import static org.ops4j.pax.exam.CoreOptions.frameworkProperty;
import static org.ops4j.pax.exam.CoreOptions.junitBundles;
import static org.ops4j.pax.exam.CoreOptions.systemPackage;
import static org.ops4j.pax.exam.CoreOptions.systemProperty;
import static org.ops4j.pax.exam.CoreOptions.workingDirectory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.ops4j.pax.exam.Option;
import org.osgi.framework.Constants;
import org.vos.launcher.Main;

/**
 * The one options factory of the suites: boots a feature exactly as the launcher would (same
 * {@link Main#plan plan}: framework properties, configurations, bundles in start order from
 * features/target/repository), with a fresh runtime directory, a free HTTP port on 127.0.0.1
 * and a domain token of its own. Runs on the host side of Pax Exam only (it needs the launcher,
 * which the container does not have); tests find their jars through {@link TestBundles}.
 */
public final class VosOptions {
    private VosOptions() {
    }

    public static Option[] runtime(String role) {
        Path work = Path.of(property("vos.itest.work"));
        Path dir = work.resolve(role + "-" + UUID.randomUUID());
        try {
            Files.createDirectories(dir.resolve("deploy"));
            Files.createDirectories(dir.resolve("jna"));
            Path token = dir.resolve("token");
            Files.writeString(token, UUID.randomUUID() + "\n", StandardCharsets.UTF_8);
            Main.Plan plan = Main.plan(Main.Options.parse(
                    "--feature", Path.of(property("vos.itest.features"), role + ".json").toString(),
                    "--repo", property("vos.itest.repository"),
                    "--dir", dir.toString(),
                    "--prop", "vos.host.name=itest",
                    "--prop", "vos.host.address=127.0.0.1",
                    "--prop", "vos.http.port=" + freePort(),
                    "--prop", "vos.token.file=" + token));
            Files.writeString(dir.resolve("configurations.json"), plan.configurations().toString(), StandardCharsets.UTF_8);
            List<Option> options = new ArrayList<>();
            options.add(workingDirectory(dir.resolve("exam").toString()));
            options.add(cleanCaches(true));
            options.add(systemProperty("jna.tmpdir").value(dir.resolve("jna").toString()));
            options.add(systemProperty("vos.itest.bundles").value(property("vos.itest.bundles")));
            for (Map.Entry<String, String> p : plan.frameworkProperties().entrySet()) {
                if (p.getKey().startsWith(Constants.FRAMEWORK_STORAGE)) {
                    continue; // Pax Exam owns the framework's storage
                }
                if (p.getKey().equals(Constants.FRAMEWORK_SYSTEMPACKAGES_EXTRA)) {
                    // merged with Pax Exam's own extra packages instead of replacing them
                    for (String pkg : p.getValue().split(",")) {
                        options.add(systemPackage(pkg.trim()));
                    }
                    continue;
                }
                options.add(frameworkProperty(p.getKey()).value(p.getValue()));
            }
            for (Path jar : plan.bundles()) {
                options.add(bundle(jar.toUri().toString()));
            }
            options.add(junitBundles());
            return options.toArray(new Option[0]);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (Main.LaunchException e) {
            throw new IllegalStateException("cannot plan the " + role + " feature: " + e.getMessage(), e);
        }
    }

    private static String property(String name) {
        String v = System.getProperty(name);
        if (v == null) {
            throw new IllegalStateException("system property " + name + " is not set (run the suites through Maven failsafe)");
        }
        return v;
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
