package org.vos.preflight.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import org.vos.api.preflight.PlanItem;
import org.vos.api.strategy.MigrationStrategy;
import org.vos.api.strategy.Region;
import org.vos.linux.Vma;

/**
 * The memory regions of a process with the bytes each adds to the image, from /proc/PID/smaps
 * (Rss, Anonymous, Swap: the kernel counts them under the mmap read lock; the program runs on).
 * The rule is the engine's: kernel-provided regions are recorded by place only, shared file
 * pages live in the file, anonymous memory ships what is present or swapped, and a private file
 * mapping ships its written (anonymous) pages, or all its pages when the strategy ships it.
 */
final class Regions {
    /** One smaps entry. */
    record Smap(Vma vma, long rss, long anonymous, long swap) {
    }

    private Regions() {
    }

    static List<Smap> parse(String smaps) {
        List<Smap> out = new ArrayList<>();
        String header = null;
        long rss = 0, anon = 0, swap = 0;
        for (String line : smaps.split("\n")) {
            if (line.isEmpty()) {
                continue;
            }
            if (isHeader(line)) {
                header = line;
                rss = anon = swap = 0;
            } else if (header != null) {
                if (line.startsWith("Rss:")) {
                    rss = kb(line);
                } else if (line.startsWith("Anonymous:")) {
                    anon = kb(line);
                } else if (line.startsWith("Swap:")) {
                    swap = kb(line);
                } else if (line.startsWith("VmFlags:")) {
                    Set<String> f = Set.of(line.substring(8).trim().split("\\s+"));
                    out.add(new Smap(vma(header, f), rss, anon, swap));
                    header = null;
                }
            }
        }
        return out;
    }

    private static long kb(String line) {
        return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
    }

    private static boolean isHeader(String line) {
        int dash = line.indexOf('-');
        int sp = line.indexOf(' ');
        return dash > 0 && sp > dash && line.substring(0, dash).chars().allMatch(c -> Character.digit(c, 16) >= 0);
    }

    static Vma vma(String line, Set<String> flags) {
        String[] f = line.trim().split("\\s+", 6);
        String[] range = f[0].split("-");
        return new Vma(Long.parseUnsignedLong(range[0], 16), Long.parseUnsignedLong(range[1], 16), f[1],
                Long.parseUnsignedLong(f[2], 16), f[3], Long.parseLong(f[4]), f.length > 5 ? f[5] : "", flags);
    }

    /** The plan item of one region; {@code strategy} null means the engine's default (no file region shipped). */
    static PlanItem item(long pid, Smap s, MigrationStrategy strategy) {
        Vma v = s.vma();
        PlanItem i = new PlanItem();
        i.kind = "memory";
        i.pid = pid;
        i.what = String.format("%x-%x %s %s", v.start(), v.end(), v.perms(), v.path().isEmpty() ? "[anon]" : v.path());
        i.by = "engine";
        i.bundle = "org.vos.engine";
        if (v.special()) {
            i.action = "kernel-provided: recorded by place";
            return i;
        }
        if (!v.special() && (v.vmFlags().contains("io") || v.vmFlags().contains("pf"))) {
            i.blocker = true;
            i.by = null;
            i.reason = "a device mapping (VM_IO/VM_PFNMAP): its pages belong to a device of this host";
            i.remedy = "unmap the device before migrating; vos cannot move it";
            return i;
        }
        if (v.fileBacked() && v.path().endsWith(" (deleted)")) {
            i.blocker = true;
            i.by = null;
            i.reason = "maps a file that was deleted: the engine cannot map it again";
            return i;
        }
        if (v.shared() && v.fileBacked()) {
            i.action = "map the file shared again (its pages live in the file)";
            return i;
        }
        if (!v.fileBacked()) {
            i.bytes = s.rss() + s.swap();
            i.action = "ship " + (i.bytes / 4096) + " pages";
            return i;
        }
        i.bytes = s.anonymous() + s.swap();
        boolean ship = false;
        if (strategy != null) {
            Region r = new Region();
            r.start = v.start();
            r.end = v.end();
            r.perms = v.perms();
            r.offset = v.offset();
            r.path = v.path();
            r.dirty = i.bytes > 0;
            try {
                ship = strategy.policy(r) == MigrationStrategy.PagePolicy.SHIP;
            } catch (RuntimeException e) {
                i.blocker = true;
                i.reason = "strategy " + strategy.name() + " failed on this region: " + e;
                return i;
            }
        }
        if (ship) {
            i.bytes = s.rss() + s.swap();
            i.by = strategy.name();
            i.action = "ship " + (i.bytes / 4096) + " pages (strategy " + strategy.name() + " ships the file's pages)";
        } else {
            i.action = "map " + v.path() + " from the target's identical file" + (i.bytes > 0 ? ", ship " + (i.bytes / 4096) + " written pages" : "");
        }
        return i;
    }
}
