package org.vos.preflight.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vos.api.preflight.PlanItem;
import org.vos.api.strategy.MigrationStrategy;
import org.vos.api.strategy.Region;

/** The parsers and rules of a plan against fake /proc text. */
class PartsTest {
    private static final String SMAPS = """
            555555554000-555555556000 r--p 00000000 08:01 123 /usr/bin/prog
            Size:                  8 kB
            Rss:                   8 kB
            Anonymous:             0 kB
            Swap:                  0 kB
            VmFlags: rd mr mw me
            555555559000-555555709000 rw-p 00000000 00:00 0 [heap]
            Rss:                 100 kB
            Anonymous:           100 kB
            Swap:                 12 kB
            VmFlags: rd wr mr mw me ac
            7ffff7ffd000-7ffff7fff000 rw-p 00033000 08:01 456 /usr/lib/ld.so
            Rss:                   8 kB
            Anonymous:             4 kB
            Swap:                  0 kB
            VmFlags: rd wr mr mw me ac
            7ffff7000000-7ffff7001000 rw-s 00000000 00:06 9 /dev/fb0
            Rss:                   4 kB
            Anonymous:             0 kB
            Swap:                  0 kB
            VmFlags: rd wr sh mr mw me ms io pf
            7ffff7fc1000-7ffff7fc3000 r-xp 00000000 00:00 0 [vdso]
            Rss:                   8 kB
            Anonymous:             0 kB
            Swap:                  0 kB
            VmFlags: rd ex mr mw me de
            """;

    @Test
    void regionsAddWhatTheEngineWouldShip() {
        List<Regions.Smap> s = Regions.parse(SMAPS);
        assertEquals(5, s.size());
        PlanItem exe = Regions.item(1, s.get(0), null);
        assertEquals(0, exe.bytes, "a clean file mapping maps from the target");
        PlanItem heap = Regions.item(1, s.get(1), null);
        assertEquals(112 * 1024, heap.bytes, "anonymous: resident + swapped");
        PlanItem ld = Regions.item(1, s.get(2), null);
        assertEquals(4096, ld.bytes, "private file mapping: its written pages");
        MigrationStrategy full = new MigrationStrategy() {
            public String name() {
                return "full";
            }

            public String description() {
                return "";
            }

            public PagePolicy policy(Region r) {
                return PagePolicy.SHIP;
            }
        };
        assertEquals(8192, Regions.item(1, s.get(2), full).bytes, "a strategy that ships the file: every resident page");
        PlanItem dev = Regions.item(1, s.get(3), null);
        assertTrue(dev.blocker, "a device mapping blocks");
        PlanItem vdso = Regions.item(1, s.get(4), null);
        assertFalse(vdso.blocker);
        assertEquals(0, vdso.bytes);
    }

    @Test
    void socketTablesNameRawSockets(@TempDir Path root) throws Exception {
        Path net = Files.createDirectories(root.resolve("42/net"));
        Files.writeString(net.resolve("raw"), "  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode ref pointer drops\n"
                + "   1: 00000000:0001 00000000:0000 07 00000000:00000000 00:00000000 00000000     0        0 778899 2 0000000000000000 0\n");
        assertTrue(Descriptors.inTable(net.resolve("raw"), 778899));
        assertFalse(Descriptors.inTable(net.resolve("raw"), 7788));
        assertEquals(778899, Descriptors.inode("socket:[778899]"));
    }

    @Test
    void compatibilityNamesWhatTheTargetLacks() {
        Map<String, Object> needs = Map.of("xfeatures", "0x600e7", "xsave_size", 11008, "cpu_flags", List.of("avx", "avx2", "avx512f"),
                "page_size", 4096, "kernel_release", "6.18", "virtualizers", List.of("kernel.eventfd", "files"),
                "virtualizer_bundles", Map.of("kernel.eventfd", "org.vos.virt.kernel"));
        Map<String, Object> weaker = Map.of("host", "h2", "xfeatures", "0x60007", "xsave_size", 11008, "cpu_flags", List.of("avx", "avx2"),
                "page_size", 4096, "kernel_release", "6.18", "virtualizers", Map.of("files", "x"));
        List<PlanItem> out = Compatibility.compare(needs, weaker, "full");
        assertTrue(out.stream().anyMatch(i -> i.blocker && i.reason.contains("lacks CPU state avx512")), out.toString());
        assertTrue(out.stream().anyMatch(i -> i.blocker && i.reason.contains("lacks CPU flags avx512f")));
        assertTrue(out.stream().anyMatch(i -> i.blocker && "start bundle org.vos.virt.kernel on h2".equals(i.remedy)));
        Map<String, Object> same = Map.of("host", "h2", "xfeatures", "0x600e7", "xsave_size", 11008, "cpu_flags", List.of("avx", "avx2", "avx512f"),
                "page_size", 4096, "kernel_release", "6.18", "virtualizers", Map.of("files", "x", "kernel.eventfd", "y"));
        assertTrue(Compatibility.compare(needs, same, "full").stream().noneMatch(i -> i.blocker));
        assertEquals(Set.of("avx512f", "amx_tile"), Profiles.words(" avx512f, amx_tile "));
    }
}
