package org.vos.migration.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import org.vos.api.strategy.MigrationStrategy;
import org.vos.api.strategy.Region;

/**
 * The files a process tree maps privately from disk, whose clean pages the target maps from its
 * own copy: each region goes through the strategy's policy (null strategy: every one). The
 * proc root is injectable for tests.
 */
final class MappedFiles {
    private final Path proc;

    MappedFiles(Path proc) {
        this.proc = proc;
    }

    List<String> of(long rootPid, MigrationStrategy strategy) {
        Set<String> out = new LinkedHashSet<>();
        for (long pid : tree(rootPid)) {
            List<String> lines;
            try {
                lines = Files.readAllLines(proc.resolve(Long.toString(pid)).resolve("maps"));
            } catch (IOException e) {
                continue; // gone: nothing of it travels
            }
            for (String line : lines) {
                Region r = parse(line);
                if (r == null || !r.path.startsWith("/") || r.path.endsWith(" (deleted)") || r.perms.charAt(3) != 'p') {
                    continue;
                }
                if (strategy == null || strategy.policy(r) == MigrationStrategy.PagePolicy.MAP_FROM_TARGET) {
                    out.add(r.path);
                }
            }
        }
        return new ArrayList<>(out);
    }

    /** One line of /proc/PID/maps: {@code start-end perms offset dev inode path}. */
    static Region parse(String line) {
        String[] f = line.trim().split("\\s+", 6);
        if (f.length < 5) {
            return null;
        }
        String[] range = f[0].split("-");
        Region r = new Region();
        r.start = Long.parseUnsignedLong(range[0], 16);
        r.end = Long.parseUnsignedLong(range[1], 16);
        r.perms = f[1];
        r.offset = Long.parseUnsignedLong(f[2], 16);
        r.path = f.length == 6 ? f[5] : "";
        r.dirty = r.path.isEmpty() || r.path.startsWith("[");
        return r;
    }

    private List<Long> tree(long root) {
        List<Long> out = new ArrayList<>();
        out.add(root);
        for (int i = 0; i < out.size(); i++) {
            long pid = out.get(i);
            try (var tasks = Files.list(proc.resolve(Long.toString(pid)).resolve("task"))) {
                for (Path t : tasks.toList()) {
                    String c = Files.readString(t.resolve("children")).trim();
                    if (!c.isEmpty()) {
                        for (String s : c.split("\\s+")) {
                            out.add(Long.parseLong(s));
                        }
                    }
                }
            } catch (IOException | RuntimeException e) {
                // gone meanwhile
            }
        }
        return out;
    }
}
