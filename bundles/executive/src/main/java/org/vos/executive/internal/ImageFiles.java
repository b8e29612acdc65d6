package org.vos.executive.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

import org.vos.api.migration.Transfers;

/** Staging directories of migrations (under the data dir's outgoing/): removed without a trace. */
final class ImageFiles {
    private ImageFiles() {
    }

    static void delete(Path dir) {
        if (dir == null || !Files.exists(dir)) {
            return;
        }
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            // best effort: the transfer service wipes outgoing/ at its next start
        }
    }

    /**
     * Files an image at rest maps from disk, for the target's check. Not known without reading the
     * engine's tree.json: an image moved at rest is checked by the target's restore only.
     */
    static List<Transfers.FileIdentity> mapped(Path dir, Transfers t) {
        return List.of();
    }
}
