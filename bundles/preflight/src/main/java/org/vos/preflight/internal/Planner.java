package org.vos.preflight.internal;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.vos.api.preflight.Plan;
import org.vos.api.preflight.PlanItem;
import org.vos.api.strategy.MigrationStrategy;
import org.vos.api.virt.Handle;
import org.vos.linux.LinuxException;
import org.vos.linux.ProcFs;

/**
 * Builds a plan of a running process tree from /proc alone: status, the task list, smaps, fd and
 * fdinfo, and /proc/PID/net for sockets. Nothing here stops, traces or signals the program:
 * reading smaps takes the program's mmap lock for reading, which its threads share.
 */
final class Planner {
    private final ProcFs proc;

    Planner(ProcFs proc) {
        this.proc = proc;
    }

    /** The whole tree of {@code root}: processes, threads, regions, descriptors (no target yet). */
    Plan plan(long root, String host, List<Descriptors.Known> registry, MigrationStrategy strategy, Descriptors.Bundles bundles) {
        Plan plan = new Plan();
        plan.host = host;
        plan.hostPid = root;
        List<PlanItem> items = new ArrayList<>();
        Set<String> virtualizers = new TreeSet<>();
        Set<Long> seenAvx512 = new LinkedHashSet<>();
        List<Long> tree = tree(root);
        UnixPeers peers = new UnixPeers(proc.root(), sockets(tree));
        for (long pid : tree) {
            Map<String, String> st;
            try {
                st = proc.status(pid);
            } catch (LinuxException e) {
                continue; // ended while we looked
            }
            plan.processes++;
            PlanItem p = new PlanItem();
            p.kind = "process";
            p.pid = pid;
            p.what = st.getOrDefault("Name", "?") + " (ns pid " + last(st.getOrDefault("NSpid", "0")) + ", state "
                    + st.getOrDefault("State", "?") + ")";
            p.by = "engine";
            p.bundle = "org.vos.engine";
            p.action = st.getOrDefault("State", "").startsWith("Z") ? "record the zombie's exit status" : "freeze, dump and recreate at its pid";
            items.add(p);
            if (st.getOrDefault("State", "").startsWith("Z")) {
                continue;
            }
            for (long tid : tasks(pid)) {
                plan.threads++;
                PlanItem t = new PlanItem();
                t.kind = "thread";
                t.pid = pid;
                t.tid = tid;
                String avx = avx512(pid, tid);
                t.what = "tid " + tid + (avx == null ? "" : ", " + avx);
                if (avx != null) {
                    seenAvx512.add(tid);
                }
                t.by = "engine";
                t.bundle = "org.vos.engine";
                t.action = "registers, xsave state, signal mask, rseq";
                items.add(t);
            }
            try {
                for (Regions.Smap s : Regions.parse(proc.pidDir(pid).resolve("smaps").toFile().exists()
                        ? Profiles.read(proc.pidDir(pid).resolve("smaps")) : "")) {
                    if (s.vma().path().equals("[vsyscall]")) {
                        continue;
                    }
                    PlanItem m = Regions.item(pid, s, strategy);
                    plan.imageBytes += m.bytes;
                    items.add(m);
                }
            } catch (RuntimeException e) {
                continue;
            }
            List<Integer> fds;
            try {
                fds = proc.fds(pid);
            } catch (LinuxException e) {
                continue;
            }
            for (int fd : fds) {
                Handle h;
                try {
                    h = proc.handle(pid, fd);
                } catch (LinuxException | NumberFormatException e) {
                    continue; // closed while we looked
                }
                plan.descriptors++;
                PlanItem d = Descriptors.item(proc, h, registry, host, bundles, peers);
                if (d.by != null && !d.blocker) {
                    virtualizers.add(d.by);
                }
                items.add(d);
            }
        }
        plan.needs.put("virtualizers", new ArrayList<>(virtualizers));
        plan.needs.put("threads_using_avx512", new ArrayList<>(seenAvx512));
        plan.items = items;
        return plan;
    }

    /** Whether the thread ran AVX-512 code: /proc/PID/task/TID/arch_status, -1 when never seen. */
    private String avx512(long pid, long tid) {
        String s = Profiles.read(proc.pidDir(pid).resolve("task").resolve(Long.toString(tid)).resolve("arch_status"));
        for (String line : s.split("\n")) {
            if (line.startsWith("AVX512_elapsed_ms:")) {
                String v = line.substring(line.indexOf(':') + 1).trim();
                return v.equals("-1") ? null : "used AVX-512 " + v + " ms ago";
            }
        }
        return null;
    }

    private List<Long> tasks(long pid) {
        try {
            return proc.tasks(pid);
        } catch (LinuxException | java.io.UncheckedIOException e) {
            return List.of();
        }
    }

    /** Inodes of the sockets the processes of the tree hold. */
    private Set<Long> sockets(List<Long> tree) {
        Set<Long> out = new java.util.HashSet<>();
        for (long pid : tree) {
            try {
                for (int fd : proc.fds(pid)) {
                    try {
                        String t = proc.fdTarget(pid, fd);
                        if (t.startsWith("socket:")) {
                            out.add(Descriptors.inode(t));
                        }
                    } catch (LinuxException e) {
                        // closed meanwhile
                    }
                }
            } catch (LinuxException | java.io.UncheckedIOException e) {
                // ended
            }
        }
        return out;
    }

    /** {@code root} and its descendants, parents first. */
    List<Long> tree(long root) {
        List<Long> out = new ArrayList<>();
        Deque<Long> todo = new ArrayDeque<>(List.of(root));
        while (!todo.isEmpty()) {
            long pid = todo.poll();
            if (out.contains(pid)) {
                continue;
            }
            out.add(pid);
            try {
                todo.addAll(proc.children(pid));
            } catch (LinuxException | java.io.UncheckedIOException e) {
                // ended
            }
        }
        return out;
    }

    private static long last(String nspids) {
        String[] f = nspids.trim().split("\\s+");
        try {
            return Long.parseLong(f[f.length - 1]);
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
