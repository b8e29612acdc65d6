package org.vos.hooks.remotefiles.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class PrefixesTest {
    @Test
    void onlyTmpPathsAreShared() {
        assertTrue(Prefixes.DEFAULT.covers(Prefixes.normalize("/tmp/x")));
        assertTrue(Prefixes.DEFAULT.covers(Prefixes.normalize("/var/tmp/a/b")));
        assertFalse(Prefixes.DEFAULT.covers(Prefixes.normalize("/etc/shadow")));
        assertFalse(Prefixes.DEFAULT.covers(Prefixes.normalize("/tmp/../etc/shadow")));
        assertEquals("/tmp/b", Prefixes.normalize("/tmp/a/../b"));
        assertNull(Prefixes.normalize("tmp/x"));
    }
}
