package org.vos.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Stream;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Every test: installs test prerequisites, {@code mvn -B verify} (unit and Pax Exam), then every
 * end-to-end suite {@code itest/e2e/*.sh} in name order. A suite passes with exit 0, is skipped
 * with 77 (it says why), fails otherwise.
 */
@Command(name = "test", description = "Run every test: unit, Pax Exam (mvn -B verify) and the end-to-end suites in itest/e2e.")
final class TestCommand implements Callable<Integer> {
    static final int SKIP = 77;
    private final Ctx ctx;
    @Mixin
    JsonOption json;
    @Option(names = "--no-maven", description = "Only the end-to-end suites (the build must exist).")
    boolean noMaven;
    @Option(names = "--no-e2e", description = "Only mvn -B verify.")
    boolean noE2e;
    @Option(names = "--suite", description = "Only the end-to-end suites whose file name contains this (repeatable).")
    List<String> only = new ArrayList<>();

    TestCommand(Ctx ctx) {
        this.ctx = ctx;
    }

    @Override
    public Integer call() {
        Prereqs.ensure(Prereqs.TEST, System.err);
        Map<String, String> results = new LinkedHashMap<>();
        if (!noMaven) {
            FileTime started = FileTime.fromMillis(System.currentTimeMillis());
            int exit = Sh.interactive(ctx.root, List.of("mvn", "-B", "verify"));
            results.put("mvn -B verify", exit == 0 ? "passed" : "FAILED (exit " + exit + ")");
            if (exit == 0) {
                // verify built every jar a domain starts from: up need not build again
                Build.stamp(ctx.root, started);
            }
            // the end-to-end suites still run after a failed verify (their up builds what is
            // missing), so that one run reports every failure
        }
        if (!noE2e) {
            for (Path suite : suites()) {
                System.err.println("vos test: " + ctx.root.relativize(suite));
                List<String> cmd = List.of("bash", suite.toString());
                int exit = Sh.interactive(ctx.root, cmd);
                results.put(ctx.root.relativize(suite).toString(), exit == 0 ? "passed" : exit == SKIP ? "skipped" : "FAILED (exit " + exit + ")");
            }
        }
        return summary(results);
    }

    private List<Path> suites() {
        Path dir = ctx.root.resolve("itest/e2e");
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.getFileName().toString().endsWith(".sh") && !p.getFileName().toString().startsWith("lib")).filter(p -> only.isEmpty() || only.stream().anyMatch(o -> p.getFileName().toString().contains(o)))
                    .sorted().toList();
        } catch (IOException e) {
            throw new CliException("cannot list " + dir + ": " + e.getMessage());
        }
    }

    private int summary(Map<String, String> results) {
        boolean failed = results.values().stream().anyMatch(r -> r.startsWith("FAILED"));
        if (json.json) {
            ctx.json(Map.of("passed", !failed, "results", results));
        } else {
            ctx.out.println();
            results.forEach((k, v) -> ctx.out.println(String.format("%-40s %s", k, v)));
        }
        if (failed) {
            throw new CliException("tests failed: " + String.join(", ", results.entrySet().stream().filter(e -> e.getValue().startsWith("FAILED")).map(Map.Entry::getKey).toList()));
        }
        return 0;
    }
}
