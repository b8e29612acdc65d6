package org.vos.hooks.remotefiles.internal;

import java.nio.file.Path;
import java.util.List;

/** The path prefixes whose files a host shares with the others (default /tmp/ and /var/tmp/). */
record Prefixes(List<String> prefixes) {
    static final Prefixes DEFAULT = new Prefixes(List.of("/tmp/", "/var/tmp/"));
    static final long MAX_BYTES = 64L << 20;

    boolean covers(String normalized) {
        for (String p : prefixes) {
            if (normalized.startsWith(p)) {
                return true;
            }
        }
        return false;
    }

    /** Lexically normalized absolute path, else null. */
    static String normalize(String path) {
        if (path == null || !path.startsWith("/")) {
            return null;
        }
        return Path.of(path).normalize().toString();
    }
}
