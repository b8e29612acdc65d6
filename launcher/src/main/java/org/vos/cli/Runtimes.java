package org.vos.cli;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/** Starting and stopping the runtime JVMs (org.vos.launcher.Main) of a domain. */
final class Runtimes {
    static final String MAIN = "org.vos.launcher.Main";

    private Runtimes() {
    }

    static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /** The launcher command line, started from the domain's own copy of the build. */
    static List<String> launcher(Layout layout, String feature, String runtimeDir, List<String> jvm, Map<String, String> props) {
        Path dist = layout.dist();
        List<String> cmd = new ArrayList<>(List.of(java(), "-XX:+UseSerialGC", "-Xms16m"));
        cmd.addAll(jvm);
        cmd.addAll(List.of("-cp", dist.resolve("launcher/classes") + File.pathSeparator + dist.resolve("launcher/lib") + "/*", MAIN,
                "--feature", dist.resolve("features/" + feature + ".json").toString(), "--repo", dist.resolve("repository").toString(),
                "--dir", runtimeDir));
        props.forEach((k, v) -> {
            cmd.add("--prop");
            cmd.add(k + "=" + v);
        });
        return cmd;
    }

    /** Starts a detached daemon in a session of its own, output appended to {@code log}; returns its pid. */
    static long spawn(List<String> command, Path log) {
        List<String> cmd = new ArrayList<>();
        cmd.add("setsid");
        cmd.addAll(command);
        try {
            Files.createDirectories(log.getParent());
            // cwd "/": a daemon must not pin (or hand its programs) a directory of the caller
            // that other hosts do not have, such as a work tree under a host-private /tmp
            Process p = new ProcessBuilder(cmd).directory(new File("/")).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
            // setsid execs in place (the child is no group leader), so this is the daemon's pid
            return p.pid();
        } catch (IOException e) {
            throw new CliException("cannot start " + command.get(0) + ": " + e.getMessage());
        }
    }

    static String cmdline(long pid) {
        try {
            return new String(Files.readAllBytes(Path.of("/proc", Long.toString(pid), "cmdline")), StandardCharsets.UTF_8).replace('\0', ' ');
        } catch (IOException e) {
            return "";
        }
    }

    /** Alive and not a zombie (a daemon's parent is whoever adopted it, and may reap late). */
    static boolean alive(long pid) {
        if (pid <= 0 || !ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) {
            return false;
        }
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"), StandardCharsets.UTF_8);
            int close = stat.lastIndexOf(')');
            return close < 0 || close + 2 >= stat.length() || stat.charAt(close + 2) != 'Z';
        } catch (IOException e) {
            return false;
        }
    }

    /** A live vos runtime started from {@code dist} (guards against a reused pid). */
    static boolean isRuntime(long pid, Path dist) {
        String c = cmdline(pid);
        return alive(pid) && c.contains(MAIN) && c.contains(dist.toString());
    }

    /** Every process started from the domain's copy of the build, whoever recorded it. */
    static List<Long> fromDist(Path dist) {
        List<Long> out = new ArrayList<>();
        try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
            procs.map(p -> p.getFileName().toString()).filter(n -> n.chars().allMatch(Character::isDigit)).map(Long::parseLong)
                    .filter(pid -> pid != ProcessHandle.current().pid() && cmdline(pid).contains(dist.toString() + "/")).forEach(out::add);
        } catch (IOException e) {
            // no /proc: nothing found
        }
        return out;
    }

    /** The pids with all their descendants. */
    static Set<Long> withDescendants(Collection<Long> pids) {
        Set<Long> all = new LinkedHashSet<>();
        for (long pid : pids) {
            Optional<ProcessHandle> h = ProcessHandle.of(pid);
            if (h.isPresent()) {
                all.add(pid);
                h.get().descendants().forEach(d -> all.add(d.pid()));
            }
        }
        return all;
    }

    /** SIGTERM, up to {@code grace} to exit, then SIGKILL; returns how many were running. */
    static int stop(Collection<Long> pids, Duration grace) {
        List<ProcessHandle> live = pids.stream().map(ProcessHandle::of).flatMap(Optional::stream).filter(ProcessHandle::isAlive).toList();
        live.forEach(ProcessHandle::destroy);
        long deadline = System.nanoTime() + grace.toNanos();
        while (System.nanoTime() < deadline && live.stream().anyMatch(ProcessHandle::isAlive)) {
            pause(100);
        }
        live.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
        long hard = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (System.nanoTime() < hard && live.stream().anyMatch(ProcessHandle::isAlive)) {
            pause(50);
        }
        return live.size();
    }

    static void pause(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CliException("interrupted");
        }
    }
}
