package org.vos.strategy.minimal.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.vos.api.strategy.MigrationStrategy.PagePolicy;
import org.vos.api.strategy.Region;

class MinimalStrategyTest {
    private static Region region(String perms, String path) {
        Region r = new Region();
        r.perms = perms;
        r.path = path;
        return r;
    }

    @Test
    void cleanPagesOfPrivateFileMappingsComeFromTheTarget() {
        MinimalStrategy s = new MinimalStrategy();
        assertEquals(PagePolicy.MAP_FROM_TARGET, s.policy(region("r-xp", "/usr/lib/x86_64-linux-gnu/libc.so.6")));
        assertEquals(PagePolicy.MAP_FROM_TARGET, s.policy(region("rw-p", "/usr/bin/python3.11")));
    }

    @Test
    void anonymousSpecialSharedAndDeletedRegionsTravel() {
        MinimalStrategy s = new MinimalStrategy();
        assertEquals(PagePolicy.SHIP, s.policy(region("rw-p", "")));
        assertEquals(PagePolicy.SHIP, s.policy(region("rw-p", "[heap]")));
        assertEquals(PagePolicy.SHIP, s.policy(region("rw-s", "/dev/shm/x")));
        assertEquals(PagePolicy.SHIP, s.policy(region("r--p", "/tmp/lib.so (deleted)")));
    }
}
