package org.vos.hooks.paths.internal;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** Virtual path prefixes and the host directories they stand for; the longest prefix wins. */
final class PathMap {
    record Entry(String prefix, Path target) {
    }

    private final List<Entry> entries;

    private PathMap(List<Entry> entries) {
        this.entries = entries;
    }

    /** From {@code "/data=/var/lib/vos/paths/data"} lines; absolute paths only. */
    static PathMap parse(String[] lines) {
        List<Entry> l = new ArrayList<>();
        for (String line : lines) {
            int eq = line.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("a mapping is VIRTUAL=HOST_DIR, not " + line);
            }
            String v = normalize(line.substring(0, eq).trim());
            Path t = Path.of(line.substring(eq + 1).trim()).normalize();
            if (v == null || !t.isAbsolute() || v.equals("/")) {
                throw new IllegalArgumentException("a mapping needs absolute paths (and not /): " + line);
            }
            l.add(new Entry(v, t));
        }
        l.sort(Comparator.comparingInt((Entry e) -> e.prefix.length()).reversed());
        return new PathMap(List.copyOf(l));
    }

    List<Entry> entries() {
        return entries;
    }

    /** The host path for {@code path}, or null when it is not under a virtual prefix. */
    Path resolve(String path) {
        String n = normalize(path);
        if (n == null) {
            return null;
        }
        for (Entry e : entries) {
            if (n.equals(e.prefix)) {
                return e.target;
            }
            if (n.startsWith(e.prefix + "/")) {
                return e.target.resolve(n.substring(e.prefix.length() + 1));
            }
        }
        return null;
    }

    /** Lexically normalized absolute path ("." and ".." resolved, no escape above /), else null. */
    static String normalize(String path) {
        if (path == null || !path.startsWith("/")) {
            return null;
        }
        return Path.of(path).normalize().toString();
    }
}
