package org.vos.launcher;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;
import org.osgi.framework.Constants;
import org.osgi.framework.FrameworkEvent;
import org.osgi.framework.launch.Framework;
import org.osgi.framework.launch.FrameworkFactory;
import org.osgi.util.tracker.ServiceTracker;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonObject;

/**
 * Starts one vos runtime: an Apache Felix framework with the bundles, framework properties and
 * configurations of a feature, taken from a local repository folder (no network).
 *
 * <pre>
 * java -cp launcher/target/classes:launcher/target/lib/* org.vos.launcher.Main \
 *     --feature features/target/features/manager.json --repo features/target/repository \
 *     --dir RUNTIME_DIR [--prop name=value]...
 * </pre>
 *
 * RUNTIME_DIR holds {@code felix-cache/} (cleaned at each start), {@code deploy/} (watched by
 * FileInstall), {@code data/}, {@code jna/}, {@code configurations.json} (the feature's resolved
 * configurations, applied by the runtime bundle), {@code runtime.pid} while the runtime lives and
 * {@code runtime.json} once its HTTP endpoint answers. Exit status: 0 after a normal stop, 2 for
 * bad arguments or a port in use, 3 when the runtime does not come up.
 */
public final class Main {
    public static final int EXIT_USAGE = 2;
    public static final int EXIT_BOOT = 3;
    private static final long HTTP_WAIT_MS = 60_000;
    private static final long STOP_WAIT_MS = 20_000;

    private final PrintStream out;

    /** Raised for a failure the user can fix; its message is the one line printed. */
    public static final class LaunchException extends Exception {
        private static final long serialVersionUID = 1L;
        /** The exit status the launcher ends with. */
        public final int exit;

        LaunchException(int exit, String message) {
            super(message);
            this.exit = exit;
        }
    }

    /** Parsed command line. */
    public record Options(Path feature, Path repo, Path dir, Map<String, String> props) {
        public static Options parse(String... args) throws LaunchException {
            Path feature = null;
            Path repo = null;
            Path dir = null;
            Map<String, String> props = new LinkedHashMap<>();
            for (int i = 0; i < args.length; i++) {
                String a = args[i];
                if (a.equals("-h") || a.equals("--help")) {
                    throw new LaunchException(EXIT_USAGE, usage());
                }
                if (i + 1 >= args.length) {
                    throw new LaunchException(EXIT_USAGE, "missing value after " + a + "\n" + usage());
                }
                String v = args[++i];
                switch (a) {
                    case "--feature" -> feature = Path.of(v);
                    case "--repo" -> repo = Path.of(v);
                    case "--dir" -> dir = Path.of(v);
                    case "--prop" -> {
                        int eq = v.indexOf('=');
                        if (eq <= 0) {
                            throw new LaunchException(EXIT_USAGE, "--prop needs name=value, not " + v);
                        }
                        props.put(v.substring(0, eq), v.substring(eq + 1));
                    }
                    default -> throw new LaunchException(EXIT_USAGE, "unknown option " + a + "\n" + usage());
                }
            }
            if (feature == null || repo == null || dir == null) {
                throw new LaunchException(EXIT_USAGE, "--feature, --repo and --dir are required\n" + usage());
            }
            return new Options(feature.toAbsolutePath(), repo.toAbsolutePath(), dir.toAbsolutePath().normalize(), props);
        }

        static String usage() {
            return "usage: org.vos.launcher.Main --feature FILE.json --repo DIR --dir RUNTIME_DIR [--prop name=value]...";
        }
    }

    /**
     * What a feature and the options make of a runtime, before anything starts: the resolved
     * framework properties, configurations and bundle files in start order (the Pax Exam
     * tests boot the same plan).
     */
    public record Plan(String featureId, Map<String, String> frameworkProperties, JsonObject configurations, List<Path> bundles,
            String httpHost, int httpPort) {
    }

    Main(PrintStream out) {
        this.out = out;
    }

    public static void main(String[] args) {
        int exit;
        try {
            exit = new Main(System.out).run(Options.parse(args));
        } catch (LaunchException e) {
            System.err.println(e.getMessage().startsWith("usage") ? e.getMessage() : "vos: " + e.getMessage());
            exit = e.exit;
        }
        System.exit(exit);
    }

    /** Builds the plan: variables, framework properties, configurations and bundle files. */
    public static Plan plan(Options o) throws LaunchException {
        Feature feature;
        try {
            feature = Feature.read(o.feature());
        } catch (IOException | RuntimeException e) {
            throw new LaunchException(EXIT_USAGE, "cannot read feature " + o.feature() + ": " + e.getMessage());
        }
        Map<String, String> vars = new LinkedHashMap<>(feature.variables);
        vars.put("vos.runtime.dir", o.dir().toString());
        vars.putAll(o.props());
        try {
            Variables variables = new Variables(vars);
            Map<String, String> fw = new LinkedHashMap<>();
            feature.frameworkProperties.forEach((k, v) -> fw.put(k, variables.resolve(v)));
            // every --prop reaches the framework, declared as a variable or not
            o.props().forEach((k, v) -> fw.put(k, variables.resolve(v)));
            fw.put(Constants.FRAMEWORK_STORAGE, o.dir().resolve("felix-cache").toString());
            fw.put(Constants.FRAMEWORK_STORAGE_CLEAN, Constants.FRAMEWORK_STORAGE_CLEAN_ONFIRSTINIT);
            fw.put("vos.configurations", o.dir().resolve("configurations.json").toString());
            fw.put("vos.feature", feature.id);
            JsonObject configurations = variables.resolve(feature.configurations).getAsJsonObject();
            Repository repo = new Repository(o.repo());
            List<Path> files = new ArrayList<>();
            for (Feature.BundleRef b : feature.bundles) {
                files.add(repo.resolve(b.id()));
            }
            String host = fw.get("org.osgi.service.http.host");
            String port = fw.get("org.osgi.service.http.port");
            int p = -1;
            if (port != null) {
                try {
                    p = Integer.parseInt(port.trim());
                } catch (NumberFormatException e) {
                    throw new LaunchException(EXIT_USAGE, "HTTP port is not a number: " + port);
                }
            }
            return new Plan(feature.id, fw, configurations, files, host, p);
        } catch (IllegalArgumentException e) {
            throw new LaunchException(EXIT_USAGE, e.getMessage());
        }
    }

    /** Fails with one line when something already listens on the runtime's HTTP address. */
    static void checkPortFree(String host, int port) throws LaunchException {
        if (port < 0) {
            return;
        }
        InetAddress address;
        try {
            address = InetAddress.getByName(host == null ? "127.0.0.1" : host);
        } catch (UnknownHostException e) {
            throw new LaunchException(EXIT_USAGE, "unknown HTTP address " + host);
        }
        try (ServerSocket s = new ServerSocket()) {
            // Jetty binds with SO_REUSEADDR too: a socket in TIME_WAIT is no conflict for it
            s.setReuseAddress(true);
            s.bind(new InetSocketAddress(address, port));
        } catch (java.net.BindException e) {
            String msg = String.valueOf(e.getMessage());
            if (msg.contains("in use")) {
                throw new LaunchException(EXIT_USAGE, "port " + port + " on " + address.getHostAddress() + " is in use");
            }
            throw new LaunchException(EXIT_USAGE, "cannot listen on " + address.getHostAddress() + ":" + port + ": " + msg);
        } catch (IOException e) {
            throw new LaunchException(EXIT_USAGE, "cannot listen on " + address.getHostAddress() + ":" + port + ": " + e.getMessage());
        }
    }

    /** A runtime directory belongs to one live runtime: its cache must not be wiped under it. */
    static void checkDirFree(Path pidFile) throws LaunchException {
        long pid;
        try {
            pid = Long.parseLong(Files.readString(pidFile, StandardCharsets.US_ASCII).trim());
        } catch (IOException | NumberFormatException e) {
            return;
        }
        String cmdline;
        try {
            cmdline = new String(Files.readAllBytes(Path.of("/proc", Long.toString(pid), "cmdline")), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return;
        }
        // a reused pid of some other program does not count
        boolean live = pid != ProcessHandle.current().pid() && cmdline.contains(Main.class.getName());
        if (live) {
            throw new LaunchException(EXIT_USAGE, "runtime directory " + pidFile.getParent() + " is in use by the runtime with pid " + pid);
        }
    }

    int run(Options o) throws LaunchException {
        long t0 = System.nanoTime();
        Plan plan = plan(o);
        Path dir = o.dir();
        Path pidFile = dir.resolve("runtime.pid");
        checkDirFree(pidFile);
        checkPortFree(plan.httpHost(), plan.httpPort());
        Path infoFile = dir.resolve("runtime.json");
        try {
            Files.createDirectories(dir.resolve("deploy"));
            Files.createDirectories(dir.resolve("jna"));
            String data = plan.frameworkProperties().get("vos.data.dir");
            if (data != null && !data.isBlank()) {
                Files.createDirectories(Path.of(data));
            }
            deleteTree(dir.resolve("felix-cache"));
            Files.deleteIfExists(infoFile);
            Files.writeString(dir.resolve("configurations.json"),
                    new GsonBuilder().setPrettyPrinting().disableHtmlEscaping().create().toJson(plan.configurations()), StandardCharsets.UTF_8);
            Files.writeString(pidFile, ProcessHandle.current().pid() + "\n", StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new LaunchException(EXIT_USAGE, "cannot prepare runtime directory " + dir + ": " + e.getMessage());
        }
        // JNA unpacks its native library here: one directory per runtime, no races between them
        System.setProperty("jna.tmpdir", dir.resolve("jna").toString());

        FrameworkFactory factory = ServiceLoader.load(FrameworkFactory.class).findFirst()
                .orElseThrow(() -> new LaunchException(EXIT_BOOT, "no OSGi framework on the class path"));
        Framework framework = factory.newFramework(plan.frameworkProperties());
        Thread hook = new Thread(() -> stop(framework, pidFile, infoFile), "vos-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        String role = plan.frameworkProperties().getOrDefault("vos.role", "vos");
        try {
            framework.init();
            BundleContext ctx = framework.getBundleContext();
            List<Bundle> installed = new ArrayList<>();
            for (Path file : plan.bundles()) {
                try (InputStream in = Files.newInputStream(file)) {
                    // installed from a stream: the cache holds its own copy, a rebuild of the repository cannot disturb a running runtime
                    installed.add(ctx.installBundle(file.toUri().toString(), in));
                }
            }
            framework.start();
            int failed = 0;
            for (Bundle b : installed) {
                if (b.getHeaders().get(Constants.FRAGMENT_HOST) != null) {
                    continue;
                }
                try {
                    b.start();
                } catch (BundleException | RuntimeException e) {
                    failed++;
                    System.err.println("vos: bundle " + b.getSymbolicName() + " did not start: " + e.getMessage());
                }
            }
            String endpoint = awaitHttp(ctx, plan);
            long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
            long active = Stream.of(ctx.getBundles()).filter(b -> b.getState() == Bundle.ACTIVE).count();
            writeInfo(infoFile, role, endpoint, plan, dir);
            out.printf("runtime: %s up in %d ms: %s (%d of %d bundles active%s, pid %d, dir %s)%n", role, ms,
                    endpoint == null ? "no HTTP" : endpoint, active, ctx.getBundles().length,
                    failed > 0 ? ", " + failed + " failed to start" : "", ProcessHandle.current().pid(), dir);
            out.flush();
        } catch (LaunchException e) {
            stopQuietly(framework);
            throw e;
        } catch (BundleException | IOException | RuntimeException e) {
            stopQuietly(framework);
            throw new LaunchException(EXIT_BOOT, "the " + role + " runtime did not start: " + e.getMessage());
        }
        try {
            FrameworkEvent end = framework.waitForStop(0);
            if (end.getType() == FrameworkEvent.ERROR) {
                System.err.println("vos: the runtime stopped with an error: " + end.getThrowable());
                return 1;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return 0;
    }

    /** Waits until the HTTP runtime of the framework announces its endpoint, and it accepts connections. */
    private static String awaitHttp(BundleContext ctx, Plan plan) throws LaunchException {
        if (plan.httpPort() < 0) {
            return null;
        }
        String where = plan.httpHost() + ":" + plan.httpPort();
        ServiceTracker<Object, Object> tracker;
        try {
            tracker = new ServiceTracker<>(ctx,
                    ctx.createFilter("(objectClass=org.osgi.service.servlet.runtime.HttpServiceRuntime)"), null);
        } catch (org.osgi.framework.InvalidSyntaxException e) {
            throw new IllegalStateException(e);
        }
        tracker.open(true);
        try {
            long deadline = System.currentTimeMillis() + HTTP_WAIT_MS;
            if (tracker.waitForService(HTTP_WAIT_MS) == null) {
                throw new LaunchException(EXIT_BOOT, "HTTP did not start on " + where + " within " + HTTP_WAIT_MS / 1000 + " s");
            }
            // the runtime service can appear a moment before the connector accepts
            while (!accepts(plan.httpHost(), plan.httpPort())) {
                if (System.currentTimeMillis() > deadline) {
                    throw new LaunchException(EXIT_BOOT, "HTTP does not accept connections on " + where);
                }
                Thread.sleep(50);
            }
            // the runtime's own endpoint property lists every interface; ours is the bound address
            String h = plan.httpHost().contains(":") ? "[" + plan.httpHost() + "]" : plan.httpHost();
            return "http://" + h + ":" + plan.httpPort() + "/";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LaunchException(EXIT_BOOT, "interrupted while waiting for HTTP on " + where);
        } finally {
            tracker.close();
        }
    }

    private static boolean accepts(String host, int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(host, port), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static void writeInfo(Path file, String role, String endpoint, Plan plan, Path dir) throws IOException {
        JsonObject info = new JsonObject();
        info.addProperty("role", role);
        info.addProperty("pid", ProcessHandle.current().pid());
        info.addProperty("url", endpoint);
        info.addProperty("host", plan.frameworkProperties().get("vos.host.name"));
        info.addProperty("feature", plan.featureId());
        info.addProperty("dir", dir.toString());
        info.addProperty("startedAt", System.currentTimeMillis());
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.writeString(tmp, new GsonBuilder().setPrettyPrinting().create().toJson(info), StandardCharsets.UTF_8);
        Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }

    /** The shutdown hook: a bounded, graceful stop of the framework (SIGTERM, SIGINT, exit). */
    private static void stop(Framework framework, Path pidFile, Path infoFile) {
        try {
            if ((framework.getState() & (Bundle.STARTING | Bundle.ACTIVE)) != 0) {
                long t0 = System.nanoTime();
                framework.stop();
                FrameworkEvent e = framework.waitForStop(STOP_WAIT_MS);
                if (e.getType() == FrameworkEvent.WAIT_TIMEDOUT) {
                    System.err.println("vos: the runtime did not stop within " + STOP_WAIT_MS / 1000 + " s; exiting anyway");
                } else {
                    System.out.println("runtime: stopped in " + TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0) + " ms");
                }
            }
        } catch (BundleException | InterruptedException | RuntimeException e) {
            System.err.println("vos: stopping the runtime: " + e.getMessage());
        } finally {
            try {
                Files.deleteIfExists(infoFile);
                Files.deleteIfExists(pidFile);
            } catch (IOException e) {
                // the next start overwrites them
            }
        }
    }

    private static void stopQuietly(Framework framework) {
        try {
            framework.stop();
            framework.waitForStop(STOP_WAIT_MS);
        } catch (BundleException | InterruptedException | RuntimeException e) {
            // already failing: the first error is the one reported
        }
    }

    static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
