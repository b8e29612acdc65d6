package org.vos.launcher;

import java.nio.file.Files;
import java.nio.file.Path;

/** A folder in Maven repository layout; resolves {@code group:artifact[:type[:classifier]]:version}. */
final class Repository {
    private final Path root;

    Repository(Path root) {
        this.root = root;
    }

    Path resolve(String id) {
        String[] p = id.split(":");
        String group;
        String artifact;
        String version;
        String type = "jar";
        String classifier = null;
        switch (p.length) {
            case 3 -> {
                group = p[0];
                artifact = p[1];
                version = p[2];
            }
            case 4 -> {
                group = p[0];
                artifact = p[1];
                type = p[2];
                version = p[3];
            }
            case 5 -> {
                group = p[0];
                artifact = p[1];
                type = p[2];
                classifier = p[3];
                version = p[4];
            }
            default -> throw new IllegalArgumentException("not a Maven id (group:artifact[:type[:classifier]]:version): " + id);
        }
        Path file = root.resolve(group.replace('.', '/')).resolve(artifact).resolve(version)
                .resolve(artifact + "-" + version + (classifier == null ? "" : "-" + classifier) + "." + type);
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("bundle " + id + " is not in the repository (" + file + ")");
        }
        return file;
    }
}
