package org.vos.virt.kernel.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** Host pids of the processes running an executable (to prove nothing was left behind). */
final class FilesRunning {
    private FilesRunning() {
    }

    static List<Long> of(String exe) {
        List<Long> out = new ArrayList<>();
        try (Stream<Path> s = Files.list(Path.of("/proc"))) {
            for (Path p : s.toList()) {
                String n = p.getFileName().toString();
                if (n.chars().allMatch(Character::isDigit)) {
                    try {
                        if (Files.readSymbolicLink(p.resolve("exe")).toString().equals(exe)) {
                            out.add(Long.parseLong(n));
                        }
                    } catch (IOException e) {
                        // gone or not ours to read
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }
}
