package org.vos.hooks.paths.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;

class PathMapTest {
    private final PathMap m = PathMap.parse(new String[] {"/data=/srv/h1/data", "/data/cache=/var/cache/h1"});

    @Test
    void longestPrefixWins() {
        assertEquals(Path.of("/srv/h1/data/out"), m.resolve("/data/out"));
        assertEquals(Path.of("/srv/h1/data"), m.resolve("/data"));
        assertEquals(Path.of("/var/cache/h1/x"), m.resolve("/data/cache/x"));
    }

    @Test
    void otherPathsAreNotMapped() {
        assertNull(m.resolve("/database"));
        assertNull(m.resolve("/etc/hosts"));
        assertNull(m.resolve("data/out"));
    }

    @Test
    void dotDotCannotEscapeTheMapping() {
        assertNull(m.resolve("/data/../etc/passwd"));
        assertEquals(Path.of("/srv/h1/data/b"), m.resolve("/data/a/../b"));
    }

    @Test
    void badMappingsAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> PathMap.parse(new String[] {"data=/x"}));
        assertThrows(IllegalArgumentException.class, () -> PathMap.parse(new String[] {"/=/x"}));
        assertThrows(IllegalArgumentException.class, () -> PathMap.parse(new String[] {"/data"}));
    }
}
