package org.vos.migration.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** Staging directories of images in flight: created fresh, removed without a trace. */
final class Staging {
    private Staging() {
    }

    /** Removes {@code dir} and everything under it; a missing directory is fine. */
    static void delete(Path dir) {
        if (dir == null || !Files.exists(dir)) {
            return;
        }
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            // best effort: what is left is wiped at the next start
        }
    }

    /** Removes the contents of {@code dir} (leftovers of a crash), keeping the directory. */
    static void wipe(Path dir) {
        if (!Files.isDirectory(dir)) {
            return;
        }
        try (Stream<Path> s = Files.list(dir)) {
            s.forEach(Staging::delete);
        } catch (IOException e) {
            // best effort
        }
    }
}
