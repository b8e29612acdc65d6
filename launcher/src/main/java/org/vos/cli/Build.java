package org.vos.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.Set;

/**
 * Whether the build is missing or stale, and the build itself. A stamp file written after each
 * successful build (with the time the build started) is compared with every pom.xml and every
 * file under a src/ folder.
 */
final class Build {
    /** What a domain and its end-to-end tests start from: the runtime, the command, the test bundles (not the Pax Exam suites). */
    static final List<String> COMMAND = List.of("mvn", "-B", "-q", "install", "-Dmaven.test.skip=true", "-pl",
            "launcher,features,itest/sample-virtualizer,itest/broken-bundle", "-am");
    private static final Set<String> SKIP = Set.of("target", ".git", "node_modules", "bench", "docs", ".vos");

    private Build() {
    }

    static Path stampFile(Path root) {
        return root.resolve("target").resolve("vos-build.stamp");
    }

    /** The outputs a domain is started from. */
    static List<Path> outputs(Path root) {
        return List.of(root.resolve("launcher/target/classes/org/vos/launcher/Main.class"), root.resolve("launcher/target/lib"),
                root.resolve("features/target/features/manager.json"), root.resolve("features/target/features/executive.json"),
                root.resolve("features/target/repository"));
    }

    /** Why a build is needed, or null when the build is current. */
    static String staleness(Path root) {
        for (Path p : outputs(root)) {
            if (!Files.exists(p)) {
                return "missing " + root.relativize(p);
            }
        }
        Path stamp = stampFile(root);
        if (!Files.exists(stamp)) {
            return "not built by vos yet";
        }
        try {
            FileTime built = Files.getLastModifiedTime(stamp);
            Path newer = newerSource(root, built);
            return newer == null ? null : root.relativize(newer) + " changed since the last build";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Path newerSource(Path root, FileTime than) throws IOException {
        Path[] found = new Path[1];
        Files.walkFileTree(root, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                return !dir.equals(root) && SKIP.contains(dir.getFileName().toString()) ? FileVisitResult.SKIP_SUBTREE : FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                boolean source = file.getFileName().toString().equals("pom.xml") || root.relativize(file).toString().contains("src/");
                if (source && attrs.lastModifiedTime().compareTo(than) > 0) {
                    found[0] = file;
                    return FileVisitResult.TERMINATE;
                }
                return FileVisitResult.CONTINUE;
            }
        });
        return found[0];
    }

    /** Builds when the build is missing or stale. */
    static void ensure(Path root, PrintStream log) {
        String why = staleness(root);
        if (why == null) {
            return;
        }
        log.println("vos: building (" + why + "): " + String.join(" ", COMMAND));
        run(root, COMMAND);
    }

    /** Runs a Maven build in the repository and stamps it when it succeeds. */
    static void run(Path root, List<String> command) {
        FileTime started = FileTime.fromMillis(System.currentTimeMillis());
        int exit = Sh.interactive(root, command);
        if (exit != 0) {
            throw new CliException("build failed: " + String.join(" ", command) + " exited " + exit);
        }
        stamp(root, started);
    }

    static void stamp(Path root, FileTime started) {
        try {
            Path stamp = stampFile(root);
            Files.createDirectories(stamp.getParent());
            Files.writeString(stamp, "built by vos\n");
            // the start time: a file edited during the build still counts as newer
            Files.setLastModifiedTime(stamp, started);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
