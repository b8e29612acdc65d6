package org.vos.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Removes a domain whatever state it is in: runtimes (gracefully first), every program in a
 * host's namespace, namespaces, links, mounts under the state directory, the state directory.
 */
final class Down {
    /** What was found and removed. */
    record Report(int processes, List<String> namespaces, List<String> links, boolean state) {
        boolean nothing() {
            return processes == 0 && namespaces.isEmpty() && links.isEmpty() && !state;
        }
    }

    private Down() {
    }

    static Report run(Layout layout) {
        Path dist = layout.dist();
        Layout.Domain domain = layout.domain();
        List<String> hosts = domain == null ? List.of() : domain.hosts;
        List<String> namespaces = Net.namespaces();

        // the runtimes first and gracefully, executives before the manager
        Set<Long> runtimes = new LinkedHashSet<>();
        for (String h : hosts) {
            long pid = layout.pid(h);
            if (Runtimes.isRuntime(pid, dist)) {
                runtimes.add(pid);
            }
        }
        long manager = layout.pid("manager");
        List<Long> strays = Runtimes.fromDist(dist);
        Set<Long> programs = new LinkedHashSet<>(Runtimes.withDescendants(runtimes));
        for (String ns : namespaces) {
            programs.addAll(Runtimes.withDescendants(Net.pids(ns)));
        }
        programs.addAll(Runtimes.withDescendants(strays));
        if (Runtimes.isRuntime(manager, dist)) {
            programs.addAll(Runtimes.withDescendants(List.of(manager)));
        }
        int stopped = Runtimes.stop(runtimes, Duration.ofSeconds(10));
        if (Runtimes.isRuntime(manager, dist)) {
            stopped += Runtimes.stop(List.of(manager), Duration.ofSeconds(10));
            programs.remove(manager);
        }
        programs.removeAll(runtimes);
        // whatever is left (programs, helpers, strays) gets no grace: its runtime is gone
        stopped += Runtimes.stop(programs, Duration.ZERO);
        for (String ns : namespaces) {
            stopped += Runtimes.stop(Net.pids(ns), Duration.ZERO);
        }

        List<String> links = Net.links();
        Net.teardown();
        boolean state = Files.exists(layout.state);
        unmountUnder(layout.state);
        delete(layout.state);
        if (domain != null && domain.createdHostLib) {
            try {
                Files.deleteIfExists(Path.of(Layout.HOST_LIB));
            } catch (IOException e) {
                // not empty: someone else uses it now, leave it
            }
        }
        return new Report(stopped, namespaces, links, state);
    }

    static void print(Report r, PrintStream out) {
        if (r.nothing()) {
            out.println("vos is not running: nothing to stop");
        } else {
            out.println("vos is down: stopped " + r.processes() + " process(es), removed " + r.namespaces().size() + " host namespace(s) and "
                    + r.links().size() + " link(s)");
        }
    }

    /** Lazily unmounts every mount point at or below {@code dir} in this mount namespace, deepest first. */
    static void unmountUnder(Path dir) {
        List<String> points = new ArrayList<>();
        try {
            for (String line : Files.readAllLines(Paths.get("/proc/self/mountinfo"))) {
                String[] f = line.split(" ");
                if (f.length > 4) {
                    String point = f[4].replace("\\040", " ");
                    if (point.equals(dir.toString()) || point.startsWith(dir + "/")) {
                        points.add(point);
                    }
                }
            }
        } catch (IOException e) {
            return;
        }
        points.sort((a, b) -> b.length() - a.length());
        for (String p : points) {
            Sh.run("umount", "-l", p);
        }
    }

    static void delete(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        if (dir.toAbsolutePath().normalize().getNameCount() < 2) {
            throw new CliException("refusing to remove " + dir + ": not a vos state directory");
        }
        try {
            Files.walkFileTree(dir, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    Files.deleteIfExists(file);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path d, IOException e) throws IOException {
                    Files.deleteIfExists(d);
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            throw new CliException("cannot remove " + dir + ": " + e.getMessage());
        }
    }
}
