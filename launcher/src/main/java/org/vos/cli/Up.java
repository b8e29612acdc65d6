package org.vos.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.google.gson.JsonElement;

import org.vos.api.domain.VosException;
import org.vos.api.model.HostInfo;
import org.vos.client.VosClient;

/** Brings a domain up: prerequisites, build, state directory, manager, network, executives. */
final class Up {
    private final Ctx ctx;
    private final Layout layout;
    private final PrintStream log;

    Up(Ctx ctx, PrintStream log) {
        this.ctx = ctx;
        this.layout = ctx.layout;
        this.log = log;
    }

    /** True when a domain already runs here (its manager is alive). */
    boolean running() {
        Layout.Domain d = layout.domain();
        return d != null && Runtimes.isRuntime(layout.pid("manager"), layout.dist());
    }

    /** True when only the manager is gone: the state and every executive are still there. */
    boolean managerOnlyDown() {
        Layout.Domain d = layout.domain();
        if (d == null || d.hosts.isEmpty() || Runtimes.isRuntime(layout.pid("manager"), layout.dist())) {
            return false;
        }
        return d.hosts.stream().allMatch(h -> Runtimes.isRuntime(layout.pid(h), layout.dist()));
    }

    /**
     * Starts the manager again on its port; it finds its hosts in its data dir (no new
     * registration) and the running executives answer its heartbeats.
     */
    void restartManager() {
        Layout.Domain d = layout.domain();
        if (!portFree(d.port)) {
            throw new CliException("port " + d.port + " on 127.0.0.1 is in use");
        }
        String url = "http://127.0.0.1:" + d.port;
        long since = System.currentTimeMillis();
        startManager(d.port);
        awaitManager(url);
        awaitHosts(new VosClient(url, readToken(), Duration.ofSeconds(10)), d.hosts, since);
    }

    void start(int hosts, int port, boolean build) {
        if (hosts < 1 || hosts > Layout.MAX_HOSTS) {
            throw new CliException("--hosts must be between 1 and " + Layout.MAX_HOSTS);
        }
        if (!portFree(port)) {
            throw new CliException("port " + port + " on 127.0.0.1 is in use");
        }
        if (!"root".equals(System.getProperty("user.name"))) {
            throw new CliException("vos up needs root (network and mount namespaces)");
        }
        // leftovers of a domain whose manager died (or of an interrupted up) go first
        Down.run(layout);

        Prereqs.ensure(Prereqs.RUN, log);
        if (build) {
            Build.ensure(ctx.root, log);
        } else if (Build.staleness(ctx.root) != null && Build.staleness(ctx.root).startsWith("missing")) {
            throw new CliException("the build is missing (" + Build.staleness(ctx.root) + ") and --no-build was given");
        }
        try {
            String token = prepareState();
            Layout.Domain domain = new Layout.Domain();
            domain.port = port;
            domain.startedAt = System.currentTimeMillis();
            domain.createdHostLib = ensureDir(Path.of(Layout.HOST_LIB));
            for (int i = 1; i <= hosts; i++) {
                domain.hosts.add(Layout.hostName(i));
            }
            layout.save(domain);

            String url = "http://127.0.0.1:" + port;
            startManager(port);
            awaitManager(url);
            Net.bridge();
            for (int i = 1; i <= hosts; i++) {
                startHost(i, token);
            }
            VosClient manager = new VosClient(url, token, Duration.ofSeconds(10));
            for (int i = 1; i <= hosts; i++) {
                HostInfo h = new HostInfo();
                h.name = Layout.hostName(i);
                h.address = Layout.address(i);
                h.port = Layout.EXECUTIVE_PORT;
                manager.register(h);
            }
            awaitHosts(manager, domain.hosts, domain.startedAt);
        } catch (RuntimeException e) {
            // nothing half-started stays behind
            Down.run(layout);
            throw e;
        }
    }

    static boolean portFree(int port) {
        try (ServerSocket s = new ServerSocket()) {
            // like Jetty: connections of a previous manager in TIME_WAIT do not make the port busy, a listener does
            s.setReuseAddress(true);
            s.bind(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), port));
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** State directory, token (created once, 0600) and the domain's own copy of the build. */
    private String prepareState() {
        try {
            Files.createDirectories(layout.state);
            Files.setPosixFilePermissions(layout.state, PosixFilePermissions.fromString("rwx--x--x"));
            Path tokenFile = layout.token();
            if (!Files.exists(tokenFile)) {
                byte[] bytes = new byte[32];
                new SecureRandom().nextBytes(bytes);
                Files.createFile(tokenFile, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
                Files.writeString(tokenFile, HexFormat.of().formatHex(bytes) + "\n", StandardCharsets.UTF_8);
            }
            // a running domain must not depend on the work tree (nor on a /tmp the hosts cannot see)
            Path dist = layout.dist();
            Down.delete(dist);
            copyTree(ctx.root.resolve("launcher/target/classes"), dist.resolve("launcher/classes"));
            copyTree(ctx.root.resolve("launcher/target/lib"), dist.resolve("launcher/lib"));
            copyTree(ctx.root.resolve("features/target/features"), dist.resolve("features"));
            copyTree(ctx.root.resolve("features/target/repository"), dist.resolve("repository"));
            return Files.readString(tokenFile, StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            throw new CliException("cannot prepare " + layout.state + ": " + e.getMessage());
        }
    }

    private void startManager(int port) {
        Map<String, String> props = new LinkedHashMap<>();
        props.put("vos.role", "manager");
        props.put("vos.host.name", "manager");
        props.put("vos.host.address", "127.0.0.1");
        props.put("vos.http.port", Integer.toString(port));
        props.put("vos.token.file", layout.token().toString());
        props.put("vos.data.dir", layout.managerDir().resolve("data").toString());
        List<String> cmd = Runtimes.launcher(layout, "manager", layout.managerDir().toString(),
                // a control plane: small heap, C1 only (faster start, less memory)
                List.of("-Xmx512m", "-XX:TieredStopAtLevel=1"), props);
        layout.savePid("manager", Runtimes.spawn(cmd, layout.managerLog()));
    }

    private void awaitManager(String url) {
        VosClient probe = new VosClient(url, null, Duration.ofSeconds(2));
        long pid = layout.pid("manager");
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (true) {
            try {
                // ready once the host registry is active: /status says so without an error
                // (each refused /hosts would be a warning in the manager's log); then /hosts
                JsonElement status = probe.status();
                JsonElement hosts = status.isJsonObject() && status.getAsJsonObject().has("services")
                        ? status.getAsJsonObject().getAsJsonObject("services").get("hosts") : null;
                if (hosts == null || hosts.getAsBoolean()) {
                    probe.hosts();
                    return;
                }
            } catch (VosException | IllegalStateException | ClassCastException e) {
                // not answering (yet)
            }
            if (!Runtimes.alive(pid)) {
                throw new CliException("the manager exited: " + reason(layout.managerLog()));
            }
            if (System.nanoTime() > deadline) {
                throw new CliException("the manager did not answer on " + url + " within 90 s (log: " + layout.managerLog() + ")");
            }
            Runtimes.pause(200);
        }
    }

    private void startHost(int i, String token) {
        String host = Layout.hostName(i);
        Path dir = layout.hostDir(host);
        try {
            for (String sub : List.of("tmp", "vartmp")) {
                Files.createDirectories(dir.resolve(sub));
                Files.setPosixFilePermissions(dir.resolve(sub), PosixFilePermissions.fromString("rwxrwxrwx"));
                Sh.must("chmod", "1777", dir.resolve(sub).toString());
            }
            Files.createDirectories(dir.resolve("lib/executive/deploy"));
            Path hostToken = dir.resolve("lib/token");
            Files.writeString(hostToken, token + "\n", StandardCharsets.UTF_8);
            Files.setPosixFilePermissions(hostToken, PosixFilePermissions.fromString("rw-------"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Net.host(host, Layout.address(i));
        launchExecutive(i);
    }

    /** The executive of host i in its namespaces (the network must exist). */
    private void launchExecutive(int i) {
        String host = Layout.hostName(i);
        Path dir = layout.hostDir(host);
        Map<String, String> props = new LinkedHashMap<>();
        props.put("vos.role", "executive");
        props.put("vos.host.name", host);
        props.put("vos.host.address", Layout.address(i));
        props.put("vos.http.port", Integer.toString(Layout.EXECUTIVE_PORT));
        props.put("vos.token.file", Layout.HOST_LIB + "/token");
        props.put("vos.data.dir", Layout.HOST_LIB + "/data");
        List<String> cmd = new ArrayList<>(List.of("ip", "netns", "exec", Layout.netns(host), "unshare", "--mount", "--propagation", "private", "--",
                "/bin/sh", "-c",
                // private /tmp, /var/tmp and /var/lib/vos of this host, then the executive in place of the shell
                "mount --bind \"$1\" /tmp && mount --bind \"$2\" /var/tmp && mount --bind \"$3\" " + Layout.HOST_LIB + " && shift 3 && exec \"$@\"",
                "vos-host", dir.resolve("tmp").toString(), dir.resolve("vartmp").toString(), dir.resolve("lib").toString()));
        cmd.addAll(Runtimes.launcher(layout, "executive", Layout.HOST_LIB + "/executive",
                // full JIT: the engine hashes and copies process memory (SHA-256 intrinsics are C2's)
                List.of("-Xmx2g"), props));
        layout.savePid(host, Runtimes.spawn(cmd, layout.hostLog(host)));
    }

    /** Hosts whose executive is gone while the manager runs. */
    List<String> deadHosts() {
        Layout.Domain d = layout.domain();
        return d == null ? List.of() : d.hosts.stream().filter(h -> !Runtimes.isRuntime(layout.pid(h), layout.dist())).toList();
    }

    /** Starts the executives of these hosts again, in their existing namespaces (recreated when gone). */
    void restartHosts(List<String> hosts) {
        Layout.Domain d = layout.domain();
        String token = readToken();
        long since = System.currentTimeMillis();
        List<String> namespaces = Net.namespaces();
        for (String h : hosts) {
            int i = Integer.parseInt(h.substring(1));
            if (!namespaces.contains(Layout.netns(h))) {
                Net.bridge();
                Net.host(h, Layout.address(i));
            }
            launchExecutive(i);
        }
        awaitHosts(new VosClient("http://127.0.0.1:" + d.port, token, Duration.ofSeconds(10)), hosts, since);
    }

    private String readToken() {
        try {
            return Files.readString(layout.token(), StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            throw new CliException("cannot read " + layout.token() + ": " + e.getMessage());
        }
    }

    /** Waits until each named host is up by a heartbeat answered after {@code since} (epoch ms). */
    private void awaitHosts(VosClient manager, List<String> names, long since) {
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        while (true) {
            List<String> notUp = new ArrayList<>(names);
            for (HostInfo h : manager.hosts()) {
                if ("up".equals(h.state) && h.lastSeen >= since) {
                    notUp.remove(h.name);
                }
            }
            if (notUp.isEmpty()) {
                return;
            }
            for (String h : notUp) {
                if (!Runtimes.alive(layout.pid(h))) {
                    throw new CliException("the executive of " + h + " exited: " + reason(layout.hostLog(h)));
                }
            }
            if (System.nanoTime() > deadline) {
                throw new CliException("host(s) " + String.join(", ", notUp) + " not up within 120 s (logs under " + layout.state.resolve("hosts") + ")");
            }
            Runtimes.pause(200);
        }
    }

    /** The runtime's own one-line reason (`vos: ...`) from its log, else its last line. */
    private static String reason(Path log) {
        List<String> tail = Sh.tail(log, 40);
        for (int i = tail.size() - 1; i >= 0; i--) {
            if (tail.get(i).startsWith("vos: ")) {
                return tail.get(i).substring(5);
            }
        }
        return tail.isEmpty() ? "no output (log: " + log + ")" : tail.get(tail.size() - 1) + " (log: " + log + ")";
    }

    private static boolean ensureDir(Path dir) {
        if (Files.isDirectory(dir)) {
            return false;
        }
        try {
            Files.createDirectories(dir);
            return true;
        } catch (IOException e) {
            throw new CliException("cannot create " + dir + ": " + e.getMessage());
        }
    }

    static void copyTree(Path from, Path to) throws IOException {
        if (!Files.exists(from)) {
            throw new CliException("the build is incomplete: " + from + " is missing");
        }
        Files.walkFileTree(from, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
                Files.createDirectories(to.resolve(from.relativize(dir).toString()));
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.copy(file, to.resolve(from.relativize(file).toString()), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.COPY_ATTRIBUTES);
                return FileVisitResult.CONTINUE;
            }
        });
    }
}
