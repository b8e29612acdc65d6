package org.vos.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/** Names and places of a domain: the state directory, the simulated hosts, their namespaces and links. */
final class Layout {
    static final String BRIDGE = "vos0";
    static final String BRIDGE_ADDRESS = "10.77.0.1";
    static final int EXECUTIVE_PORT = 7090;
    static final int MAX_HOSTS = 200;
    /** Names vos gives to network namespaces and root-side links, and nothing else has. */
    static final Pattern HOST_NETNS = Pattern.compile("vos-h[0-9]+");
    /** Inside a host's private mount namespace. */
    static final String HOST_LIB = "/var/lib/vos";

    /** What {@code up} recorded, so that later commands and {@code down} find the domain. */
    static final class Domain {
        int port;
        List<String> hosts = new ArrayList<>();
        /** Whether up created the /var/lib/vos mount point (down removes it again). */
        boolean createdHostLib;
        long startedAt;
    }

    final Path state;

    Layout(Path state) {
        this.state = state;
    }

    static String hostName(int i) {
        return "h" + i;
    }

    static String netns(String host) {
        return "vos-" + host;
    }

    /** Root end of the host's veth pair (interface names are at most 15 characters). */
    static String veth(String host) {
        return "vos-" + host;
    }

    static String address(int i) {
        return "10.77.0." + (10 + i);
    }

    Path token() {
        return state.resolve("token");
    }

    Path domainFile() {
        return state.resolve("domain.json");
    }

    Path dist() {
        return state.resolve("dist");
    }

    Path managerDir() {
        return state.resolve("manager");
    }

    Path managerLog() {
        return managerDir().resolve("runtime.log");
    }

    Path hostDir(String host) {
        return state.resolve("hosts").resolve(host);
    }

    Path hostLog(String host) {
        return hostDir(host).resolve("runtime.log");
    }

    /** The host's deploy directory as seen from the root mount namespace. */
    Path hostDeploy(String host) {
        return hostDir(host).resolve("lib/executive/deploy");
    }

    Path pidFile(String name) {
        return state.resolve("pids").resolve(name);
    }

    Domain domain() {
        Path f = domainFile();
        if (!Files.isRegularFile(f)) {
            return null;
        }
        try {
            return Ctx.GSON.fromJson(Files.readString(f, StandardCharsets.UTF_8), Domain.class);
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    void save(Domain d) {
        try {
            Files.createDirectories(state);
            Files.writeString(domainFile(), Ctx.GSON.toJson(d), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    int recordedPort() {
        Domain d = domain();
        return d == null ? 0 : d.port;
    }

    long pid(String name) {
        try {
            return Long.parseLong(Files.readString(pidFile(name), StandardCharsets.UTF_8).strip());
        } catch (IOException | NumberFormatException e) {
            return 0;
        }
    }

    void savePid(String name, long pid) {
        try {
            Files.createDirectories(pidFile(name).getParent());
            Files.writeString(pidFile(name), pid + "\n", StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
