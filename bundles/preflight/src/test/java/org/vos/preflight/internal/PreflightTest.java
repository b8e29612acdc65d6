package org.vos.preflight.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vos.api.preflight.Plan;
import org.vos.api.preflight.PlanItem;
import org.vos.api.strategy.MigrationStrategy;
import org.vos.api.strategy.Region;
import org.vos.virt.kernel.internal.EventfdVirtualizer;

/**
 * Pre-flight against real programs of this host (python3 ticker.py): the plan names what blocks,
 * and the program never stops while it is made (it keeps ticking, nobody traces it).
 */
class PreflightTest {
    @TempDir
    Path tmp;
    private final List<Process> started = new ArrayList<>();

    @AfterEach
    void end() throws InterruptedException {
        for (Process p : started) {
            p.destroyForcibly();
            p.waitFor();
        }
    }

    private static PreflightComponent component(Set<String> hidden) {
        PreflightComponent c = new PreflightComponent(Path.of("/"), "h1", "executive", "http://127.0.0.1:1", hidden,
                bsn -> "installed");
        c.addStrategy("full", new MigrationStrategy() {
            public String name() {
                return "full";
            }

            public String description() {
                return "every page";
            }

            public PagePolicy policy(Region region) {
                return PagePolicy.SHIP;
            }
        });
        return c;
    }

    /** Starts the workload with stdin /dev/null and output into a file; returns once it printed "ready". */
    private Process start(Path out, String... what) throws Exception {
        Path script = tmp.resolve("ticker.py");
        if (!Files.exists(script)) {
            try (var in = PreflightTest.class.getResourceAsStream("/ticker.py")) {
                Files.copy(in, script);
            }
        }
        List<String> cmd = new ArrayList<>(List.of("python3", script.toString()));
        cmd.addAll(List.of(what));
        Process p = new ProcessBuilder(cmd).redirectInput(Path.of("/dev/null").toFile())
                .redirectOutput(out.toFile()).redirectError(tmp.resolve("err-" + out.getFileName()).toFile()).start();
        started.add(p);
        long until = System.nanoTime() + 60_000_000_000L;
        while (!Files.readString(out).contains("tick 2 ")) {
            assertTrue(p.isAlive(), () -> "workload ended: " + read(tmp.resolve("err-" + out.getFileName())));
            assertTrue(System.nanoTime() < until, "workload never got ready");
            Thread.onSpinWait();
            Thread.sleep(20); // polling the workload's own output file for its start, not a wait for vos
        }
        return p;
    }

    private static String read(Path p) {
        try {
            return Files.readString(p);
        } catch (IOException e) {
            return "";
        }
    }

    private static List<PlanItem> blockers(Plan p) {
        return p.items.stream().filter(i -> i.blocker).toList();
    }

    /** Runs {@code plan} while another thread watches the program's TracerPid and state; returns what it saw. */
    private static Watch watched(long pid, java.util.function.Supplier<Plan> plan) throws Exception {
        Watch w = new Watch();
        AtomicBoolean stop = new AtomicBoolean();
        Thread t = new Thread(() -> {
            while (!stop.get()) {
                w.samples++;
                for (String line : read(Path.of("/proc/" + pid + "/status")).split("\n")) {
                    if (line.startsWith("TracerPid:") && !line.endsWith("\t0")) {
                        w.traced = line;
                    }
                    if (line.startsWith("State:") && (line.contains("T (") || line.contains("t ("))) {
                        w.stopped = line;
                    }
                }
                java.util.concurrent.locks.LockSupport.parkNanos(200_000); // a sample every ~0.2 ms, leaving the CPU to the plan
            }
        });
        t.start();
        try {
            w.t0 = System.nanoTime();
            w.plan = plan.get();
            w.t1 = System.nanoTime();
        } finally {
            stop.set(true);
            t.join();
        }
        return w;
    }

    static final class Watch {
        Plan plan;
        long t0, t1;
        int samples;
        volatile String traced, stopped;
    }

    /** Tick timestamps (ns, CLOCK_MONOTONIC: the same clock as System.nanoTime on Linux). */
    private static List<Long> ticks(Path out) {
        List<Long> t = new ArrayList<>();
        for (String line : read(out).split("\n")) {
            String[] f = line.split(" ");
            if (f.length == 3 && f[0].equals("tick")) {
                t.add(Long.parseLong(f[2]));
            }
        }
        return t;
    }

    @Test
    void eventfdWithoutKernelVirtualizerBlocksAndProgramNeverPauses() throws Exception {
        Path out = tmp.resolve("eventfd.out");
        Process p = start(out, "eventfd");
        PreflightComponent c = component(Set.of());
        List<Long> times = new ArrayList<>();
        // plan over and over for a while, watching the program the whole time
        Watch w = watched(p.pid(), () -> {
            Plan last = null;
            long until = System.nanoTime() + 1_000_000_000L;
            while (System.nanoTime() < until) {
                long a = System.nanoTime();
                last = c.plan(p.pid(), null, null, null);
                times.add(System.nanoTime() - a);
            }
            return last;
        });
        Plan plan = w.plan;
        assertFalse(plan.ok, "an eventfd with no kernel-objects virtualizer must block");
        PlanItem first = plan.items.get(0);
        assertTrue(first.blocker, "blockers come first");
        assertEquals("fd", first.kind);
        assertTrue(first.what.startsWith("anon:eventfd"), first.line());
        assertEquals("org.vos.virt.kernel", first.bundle);
        assertEquals("start bundle org.vos.virt.kernel on h1", first.remedy);
        assertEquals(1, blockers(plan).size(), () -> "only the eventfd blocks: " + plan.message());
        assertTrue(plan.message().contains("fd " + first.fd) && plan.message().contains("org.vos.virt.kernel"), plan.message());
        assertTrue(plan.processes == 1 && plan.threads >= 1 && plan.descriptors >= 4, "counted");
        assertTrue(plan.imageBytes > 0, "anonymous memory ships");
        assertTrue(plan.items.stream().anyMatch(i -> "memory".equals(i.kind) && i.bytes > 0));
        // never paused: nobody traced or stopped it, and it ticked all through the checks
        assertEquals(null, w.traced, "TracerPid stays 0");
        assertEquals(null, w.stopped, "never in a stopped or tracing-stop state");
        assertTrue(w.samples > 0);
        List<Long> ticks = ticks(out);
        long during = ticks.stream().filter(x -> x > w.t0 && x < w.t1).count();
        long maxGap = 0;
        for (int i = 1; i < ticks.size(); i++) {
            if (ticks.get(i) > w.t0 && ticks.get(i - 1) < w.t1) {
                maxGap = Math.max(maxGap, ticks.get(i) - ticks.get(i - 1));
            }
        }
        assertTrue(during > 10, "it kept ticking while " + times.size() + " plans were made (" + during + " ticks)");
        assertTrue(p.isAlive());
        List<Long> quiet = new ArrayList<>(); // the same plan, not watched
        for (int i = 0; i < 30; i++) {
            long a = System.nanoTime();
            c.plan(p.pid(), null, null, null);
            quiet.add(System.nanoTime() - a);
        }
        System.out.printf("preflight small: %d watched plans, median %.2f ms; unwatched median %.2f ms; %d ticks during, max tick gap %.1f ms (tick every 5 ms)%n",
                times.size(), median(times) / 1e6, median(quiet) / 1e6, during, maxGap / 1e6);
        Files.writeString(Path.of("target", "preflight-small.txt"), String.format("{\"plans\": %d, \"medianMs\": %.2f, \"unwatchedMedianMs\": %.2f, \"ticksDuring\": %d, \"maxTickGapMs\": %.1f}%n",
                times.size(), median(times) / 1e6, median(quiet) / 1e6, during, maxGap / 1e6));

        // the kernel-objects virtualizer registered: the same program is clean
        c.add(EventfdVirtualizer.NAME, "org.vos.virt.kernel", "0.1.0", new EventfdVirtualizer());
        Plan clean = c.plan(p.pid(), null, null, null);
        assertTrue(clean.ok, () -> "clean with the virtualizer: " + clean.message());
        PlanItem efd = clean.items.stream().filter(i -> i.fd == first.fd).findFirst().orElseThrow();
        assertEquals(EventfdVirtualizer.NAME, efd.by);
        assertTrue(efd.action.contains("eventfd count"), efd.action);
    }

    @Test
    void rawSocketBlocks() throws Exception {
        assumeTrue("0".equals(read(Path.of("/proc/self/loginuid")).trim()) || System.getProperty("user.name").equals("root"),
                "a raw socket needs root (CAP_NET_RAW)");
        Path out = tmp.resolve("raw.out");
        Process p = start(out, "raw");
        Plan plan = component(Set.of()).plan(p.pid(), null, null, null);
        assertFalse(plan.ok);
        PlanItem raw = blockers(plan).get(0);
        assertEquals("fd", raw.kind);
        assertTrue(raw.what.startsWith("socket raw "), raw.line());
        assertTrue(raw.reason.contains("raw socket"), raw.reason);
    }

    @Test
    void unixPeerOutsideTheTreeIsNamed() throws Exception {
        Path sock = tmp.resolve("listener.sock");
        try (var server = java.nio.channels.ServerSocketChannel.open(java.net.StandardProtocolFamily.UNIX)) {
            server.bind(java.net.UnixDomainSocketAddress.of(sock));
            Path out = tmp.resolve("unix.out");
            Process p = start(out, "unixpair", "unixout=" + sock);
            try (var accepted = server.accept()) {
                Plan plan = component(Set.of()).plan(p.pid(), null, null, null);
                List<PlanItem> b = blockers(plan);
                assertEquals(3, b.size(), plan::message);
                List<PlanItem> outside = b.stream().filter(i -> i.reason.contains("outside the program's tree")).toList();
                assertEquals(1, outside.size(), "only the connection to this JVM leaves the tree: " + plan.message());
                assertTrue(outside.get(0).what.startsWith("socket unix "), outside.get(0).line());
                assertTrue(b.stream().filter(i -> i != outside.get(0)).allMatch(i -> i.reason.contains("no socket virtualizer")), plan::message);
            }
        }
    }

    @Test
    void bigProgramPlannedWithoutStoppingIt() throws Exception {
        Path out = tmp.resolve("big.out");
        Process p = start(out, "big");
        PreflightComponent c = component(Set.of());
        c.add(EventfdVirtualizer.NAME, "org.vos.virt.kernel", "0.1.0", new EventfdVirtualizer());
        List<Long> times = new ArrayList<>();
        AtomicReference<Plan> last = new AtomicReference<>();
        Watch w = watched(p.pid(), () -> {
            for (int i = 0; i < 7; i++) {
                long a = System.nanoTime();
                last.set(c.plan(p.pid(), null, "full", null));
                times.add(System.nanoTime() - a);
            }
            return last.get();
        });
        Plan plan = w.plan;
        assertTrue(plan.ok, plan::message);
        assertTrue(plan.imageBytes >= (1L << 30), "1 GiB of written memory ships: " + plan.imageBytes);
        assertEquals(null, w.traced);
        assertEquals(null, w.stopped);
        assertTrue(p.isAlive());
        List<Long> ticks = ticks(out);
        long maxGap = 0;
        for (int i = 1; i < ticks.size(); i++) {
            if (ticks.get(i) > w.t0 && ticks.get(i - 1) < w.t1) {
                maxGap = Math.max(maxGap, ticks.get(i) - ticks.get(i - 1));
            }
        }
        System.out.printf("preflight 1 GiB: %d plans, median %.2f ms, image %d bytes, max tick gap %.1f ms%n", times.size(),
                median(times) / 1e6, plan.imageBytes, maxGap / 1e6);
        Files.writeString(Path.of("target", "preflight-big.txt"), String.format("{\"plans\": %d, \"medianMs\": %.2f, \"minMs\": %.2f, \"maxMs\": %.2f, \"imageBytes\": %d, \"maxTickGapMs\": %.1f}%n",
                times.size(), median(times) / 1e6, times.stream().mapToLong(x -> x).min().orElse(0) / 1e6,
                times.stream().mapToLong(x -> x).max().orElse(0) / 1e6, plan.imageBytes, maxGap / 1e6));
    }

    @Test
    void targetHidingACpuFeatureTheSourceUsesIsIncompatible() throws Exception {
        Map<String, Object> here = Profiles.probe(Path.of("/"), "h1", Set.of());
        @SuppressWarnings("unchecked")
        List<String> flags = (List<String>) here.get("cpu_flags");
        String hide = List.of("avx512f", "avx2", "avx").stream().filter(flags::contains).findFirst().orElse(null);
        assumeTrue(hide != null, "this CPU has none of avx512f, avx2, avx to hide");
        Path out = tmp.resolve("cpu.out");
        Process p = start(out);
        PreflightComponent source = component(Set.of());
        Map<String, Object> weaker = component(Set.of(hide)).profile();
        assertEquals(List.of(hide), weaker.get("hidden_cpu_flags"));
        assertFalse(((List<?>) weaker.get("cpu_flags")).contains(hide));

        Plan plan = source.plan(p.pid(), "h2", "full", weaker);
        assertFalse(plan.ok);
        List<PlanItem> b = blockers(plan);
        assertTrue(b.stream().allMatch(i -> "cpu".equals(i.kind)), plan::message);
        assertTrue(plan.message().contains(hide), plan.message());
        assertNotNull(plan.target);

        Plan same = source.plan(p.pid(), "h2", "full", component(Set.of()).profile());
        assertTrue(same.ok, same::message);
    }

    @Test
    void xsaveOfThisHostMatchesWhatPtraceReports() {
        // 0x600e7 / 11008 bytes with AVX-512 and AMX (measured with PTRACE_GETREGSET NT_X86_XSTATE)
        assertEquals(0x600e7L, Profiles.xfeatures(Set.of("xsave", "avx", "avx512f", "amx_tile")));
        assertEquals(11008, Profiles.xsaveSize(0x600e7L, true));
        assertEquals(832, Profiles.xsaveSize(Profiles.xfeatures(Set.of("xsave", "avx")), true));
        assertEquals(2688, Profiles.xsaveSize(Profiles.xfeatures(Set.of("xsave", "avx", "avx512f")), true));
    }

    private static double median(List<Long> l) {
        List<Long> s = new ArrayList<>(l);
        s.sort(null);
        return s.isEmpty() ? 0 : s.get(s.size() / 2);
    }
}
