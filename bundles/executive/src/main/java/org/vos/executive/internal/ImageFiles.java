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
     * Files an image at rest maps privately from disk (the engine's tree.json: every process's
     * {@code vmas} with {@code fileBacked} and not {@code shared}; docs/image-format.md), with
     * their identity on this host, for the target's check.
     */
    static List<Transfers.FileIdentity> mapped(Path dir, Transfers t) {
        java.util.Set<String> paths = new java.util.LinkedHashSet<>();
        try {
            com.google.gson.JsonObject tree = com.google.gson.JsonParser.parseString(Files.readString(dir.resolve("tree.json"))).getAsJsonObject();
            for (com.google.gson.JsonElement p : tree.getAsJsonArray("processes")) {
                for (com.google.gson.JsonElement v : p.getAsJsonObject().getAsJsonArray("vmas")) {
                    com.google.gson.JsonObject vma = v.getAsJsonObject();
                    boolean file = vma.has("fileBacked") && vma.get("fileBacked").getAsBoolean();
                    boolean shared = vma.has("shared") && vma.get("shared").getAsBoolean();
                    if (file && !shared && vma.has("path")) {
                        paths.add(vma.get("path").getAsString());
                    }
                }
            }
        } catch (IOException | RuntimeException e) {
            return List.of(); // not readable here: the target's restore checks the image itself
        }
        return t.identities(new java.util.ArrayList<>(paths));
    }
}
