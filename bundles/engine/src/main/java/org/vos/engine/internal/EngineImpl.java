package org.vos.engine.internal;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.vos.api.domain.VosException;
import org.vos.api.engine.CheckpointResult;
import org.vos.api.engine.Engine;
import org.vos.api.engine.ImageSummary;
import org.vos.api.engine.LaunchSpec;
import org.vos.api.engine.ManagedProcess;
import org.vos.api.strategy.MigrationStrategy;
import org.vos.api.virt.HandleRecord;
import org.vos.engine.internal.image.Inventory;
import org.vos.engine.internal.image.ProcessImage;
import org.vos.engine.internal.image.TreeImage;
import org.vos.linux.LinuxException;
import org.vos.linux.ProcFs;
import org.vos.linux.Ptrace;
import org.vos.linux.Sys;

/** The engine without OSGi: tests construct it directly, the DS component wraps it. */
public final class EngineImpl implements Engine {
    public static final String VERSION = "0.1.0";
    private final ProcFs proc;
    private final Launcher launcher;
    private final Virtualizers virtualizers;
    private final Dumper dumper;
    private final Restorer restorer;
    /** Hashes page chunks while the tracer copies the next ones. */
    private final java.util.concurrent.ExecutorService pool;
    private final List<Managed> managed = new CopyOnWriteArrayList<>();
    private final Map<Long, Object> locks = new ConcurrentHashMap<>();
    /** How long one thread may take to stop at a checkpoint before the checkpoint gives up. */
    volatile long freezeTimeoutMs = 10_000;

    private record Managed(long hostPid, long nsPid, Launcher.Spawned spawned, List<String> command, String logFile,
            long startedAt, String restoredFrom, boolean host) {
    }

    public EngineImpl(Path dataDir, Virtualizers virtualizers) {
        this.proc = ProcFs.system();
        this.virtualizers = virtualizers;
        this.launcher = new Launcher(dataDir, proc);
        this.pool = java.util.concurrent.Executors.newFixedThreadPool(2, r -> {
            Thread t = new Thread(r, "vos-engine-hash");
            t.setDaemon(true);
            return t;
        });
        this.dumper = new Dumper(proc, virtualizers, pool);
        this.restorer = new Restorer(proc, virtualizers, pool);
    }

    /** An engine with only the built-in virtualizers (files, directories, character devices). */
    public static EngineImpl standalone(Path dataDir) {
        Virtualizers v = new Virtualizers();
        v.builtin(FileVirtualizer.NAME, new FileVirtualizer());
        return new EngineImpl(dataDir, v);
    }

    @Override
    public ManagedProcess launch(LaunchSpec spec) {
        if (spec == null || spec.command == null || spec.command.isEmpty() || spec.logFile == null) {
            throw VosException.badRequest("bad-request", "launch needs a command and a log file");
        }
        org.vos.api.hook.Interceptor icp = interceptor;
        org.vos.api.hook.Interception ic = icp == null ? null : icp.prepare(List.copyOf(spec.command), null);
        Launcher.Spawned s = launcher.launch(spec.command, spec.cwd, spec.env, spec.logFile, ic != null);
        if (ic != null) {
            installAtLaunch(s, ic);
        }
        Managed m = new Managed(s.program, lastNsPid(s.program, 2), s, List.copyOf(spec.command), spec.logFile,
                System.currentTimeMillis(), null, false);
        managed.add(m);
        return info(m);
    }

    /** The interceptor asked for at launch and restore (docs/interception.md); null: no program gets a filter. */
    private volatile org.vos.api.hook.Interceptor interceptor;

    public synchronized void interceptor(org.vos.api.hook.Interceptor i) {
        this.interceptor = i;
    }

    synchronized void interceptorGone(org.vos.api.hook.Interceptor i) {
        if (interceptor == i) {
            interceptor = null;
        }
    }

    /** The program stopped itself before its exec: seize it, let it exec, install its filter, let it go. */
    private void installAtLaunch(Launcher.Spawned s, org.vos.api.hook.Interception ic) {
        try (Tracer tr = new Tracer("filter-" + s.program)) {
            tr.call(() -> {
                Tracee t = restorer.seizeAtExec(s.program);
                Filters.install(t, proc, ic);
                ic.started(); // before the program's first own call
                Ptrace.detach(t.tid, 0);
                return null;
            });
        } catch (RuntimeException e) {
            ic.abandoned(e.getMessage());
            cleanup(s);
            throw new VosException(500, "launch-failed", "installing the seccomp filter of " + s.program + " failed: "
                    + e.getMessage(), null, e);
        }
    }

    private long lastNsPid(long pid, long dflt) {
        try {
            long[] ns = proc.nsPids(pid);
            return ns[ns.length - 1];
        } catch (LinuxException | java.io.UncheckedIOException e) {
            return dflt; // a program that ended already (ESRCH reading its status)
        }
    }

    /** What happens to the tree once its image is complete. */
    private enum After { KILL, RESUME, HOLD }

    /** A tree kept frozen by {@link #freeze} with the tracer thread that holds it. */
    private record Held(Tracer tracer, Frozen frozen, Managed managed) {
    }

    private final Map<Long, Held> held = new ConcurrentHashMap<>();

    @Override
    public CheckpointResult checkpoint(long hostPid, Path dir, boolean leaveRunning) {
        return checkpoint(hostPid, dir, leaveRunning ? After.RESUME : After.KILL, null);
    }

    @Override
    public CheckpointResult freeze(long hostPid, Path dir, MigrationStrategy strategy) {
        return checkpoint(hostPid, dir, After.HOLD, strategy);
    }

    @Override
    public void resume(long hostPid) {
        Held h = takeHeld(hostPid);
        try (Tracer tr = h.tracer) {
            tr.call(() -> {
                h.frozen.release(false);
                return null;
            });
        }
    }

    @Override
    public void discard(long hostPid) {
        Held h = takeHeld(hostPid);
        try (Tracer tr = h.tracer) {
            tr.call(() -> {
                h.frozen.release(true);
                return null;
            });
        }
        afterKill(hostPid, h.managed);
    }

    private Held takeHeld(long hostPid) {
        Held h = held.remove(hostPid);
        if (h == null) {
            throw new VosException(409, "not-frozen", "process " + hostPid + " is not held frozen by the engine");
        }
        return h;
    }

    private CheckpointResult checkpoint(long hostPid, Path dir, After after, MigrationStrategy strategy) {
        Managed m = find(hostPid);
        if (!proc.exists(hostPid) || (m != null && m.spawned.exit.isDone()) || proc.state(hostPid) == 'Z') {
            throw VosException.notFound("unknown-process", "no running process " + hostPid);
        }
        if (hostPid == ProcessHandle.current().pid()) {
            throw VosException.badRequest("bad-request", "the engine cannot checkpoint its own runtime");
        }
        if (held.containsKey(hostPid)) {
            throw new VosException(409, "frozen", "process " + hostPid + " is held frozen by a migration");
        }
        synchronized (locks.computeIfAbsent(hostPid, k -> new Object())) {
            ImageStore.prepare(dir);
            try {
                for (long pid : tree(hostPid)) {
                    dumper.preflight(pid);
                }
            } catch (RuntimeException e) {
                ImageStore.discard(dir);
                throw e;
            }
            Tracer tr = new Tracer("checkpoint-" + hostPid);
            Frozen[] frozen = new Frozen[1];
            try {
                CheckpointResult res = tr.call(() -> dump(hostPid, dir, after, m, strategy, frozen));
                if (after == After.HOLD) {
                    held.put(hostPid, new Held(tr, frozen[0], m));
                    tr = null;
                } else if (after == After.KILL) {
                    afterKill(hostPid, m);
                }
                return res;
            } finally {
                if (tr != null) {
                    tr.close();
                }
            }
        }
    }

    private void afterKill(long hostPid, Managed m) {
        if (m != null) {
            await(m, Duration.ofSeconds(10));
        } else {
            awaitGone(hostPid);
        }
    }

    private CheckpointResult dump(long hostPid, Path dir, After after, Managed m, MigrationStrategy strategy,
            Frozen[] frozen) {
        long t0 = System.nanoTime();
        Phases ph = new Phases();
        Frozen f = Frozen.freeze(proc, hostPid, freezeTimeoutMs);
        frozen[0] = f;
        virtualizers.open(dir, f.procs.keySet());
        long t1 = System.nanoTime();
        ph.lap("freeze");
        boolean ok = false;
        CheckpointResult res = new CheckpointResult();
        try {
            TreeImage tree = new TreeImage();
            tree.hostMonotonicNs = Sys.clockNanos(Sys.CLOCK_MONOTONIC);
            tree.hostBoottimeNs = Sys.clockNanos(Sys.CLOCK_BOOTTIME);
            long[] off = proc.timensOffsets(hostPid);
            tree.monotonicOffsetNs = off[0];
            tree.boottimeOffsetNs = off[1];
            tree.ownNamespace = ownNamespace(hostPid);
            tree.logFile = m != null ? m.logFile : null;
            tree.command = m != null ? m.command : List.of(proc.exe(hostPid));
            Inventory inv = new Inventory();
            inv.vosVersion = VERSION;
            inv.createdAt = System.currentTimeMillis();
            inv.writers.add("org.vos.engine " + VERSION);
            if (strategy != null) {
                inv.writers.add("strategy " + strategy.name());
            }
            inv.kernel = kernel();
            for (Map.Entry<Long, List<Frozen.Stopped>> e : f.procs.entrySet()) {
                ProcessImage p = dumper.dump(e.getKey(), e.getValue(), dir, inv.parts, ph, strategy);
                tree.processes.add(p);
                res.threads += p.threads.size();
                for (HandleRecord h : p.fds) {
                    if (!inv.writers.contains("virtualizer " + h.virtualizer)) {
                        inv.writers.add("virtualizer " + h.virtualizer);
                    }
                }
            }
            for (long z : f.zombies) {
                tree.processes.add(dumper.zombie(z));
            }
            byte[] xs = java.util.HexFormat.of().parseHex(tree.processes.get(0).threads.get(0).xstate);
            inv.xstateSize = xs.length;
            inv.xfeatures = Restorer.xfeatures(xs);
            inv.parts.put(ImageStore.TREE, ImageStore.writeJson(dir, ImageStore.TREE, tree));
            ImageStore.writeInventory(dir, inv);
            ph.lap("metadata");
            ok = true;
            res.processes = tree.processes.size();
            res.pageBytes = inv.parts.entrySet().stream().filter(x -> x.getKey().startsWith("pages-"))
                    .mapToLong(x -> x.getValue().bytes - ImageStore.PAGES_HEADER).sum();
        } finally {
            virtualizers.close(dir);
            if (!ok) {
                f.release(false);
                ImageStore.discard(dir);
            }
        }
        long t2 = System.nanoTime();
        if (after != After.HOLD) {
            f.release(after == After.KILL);
            ph.lap(after == After.KILL ? "kill" : "resume");
        }
        res.phasesUs = ph.snapshot();
        res.dir = dir.toString();
        res.bytes = ImageStore.size(dir);
        res.freezeMs = TimeUnit.NANOSECONDS.toMillis(t1 - t0);
        res.dumpMs = TimeUnit.NANOSECONDS.toMillis(t2 - t0);
        res.leftRunning = after == After.RESUME;
        return res;
    }

    /** A killed process we did not start is reaped by its own parent; wait (bounded) until its pid is free. */
    private void awaitGone(long pid) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (proc.exists(pid) && System.nanoTime() < deadline) {
            java.util.concurrent.locks.LockSupport.parkNanos(1_000_000);
        }
    }

    private boolean ownNamespace(long pid) {
        long[] ns = proc.nsPids(pid);
        if (ns.length < 2) {
            return false;
        }
        long ppid = Long.parseLong(proc.stat(pid)[4]);
        long[] pns = proc.nsPids(ppid);
        return pns[pns.length - 1] == 1 && "vos-init".equals(proc.stat(ppid)[2]);
    }

    private static String kernel() {
        try {
            return Files.readString(Path.of("/proc/sys/kernel/osrelease")).trim();
        } catch (java.io.IOException e) {
            return "unknown";
        }
    }

    private List<Long> tree(long pid) {
        List<Long> out = new ArrayList<>();
        out.add(pid);
        for (long c : proc.children(pid)) {
            out.addAll(tree(c));
        }
        return out;
    }

    @Override
    public ManagedProcess restore(Path dir, Path logFile) {
        Phases ph = new Phases();
        Inventory inv = ImageStore.verify(dir);
        ph.lap("verify-metadata");
        TreeImage tree = ImageStore.readJson(dir, ImageStore.TREE, TreeImage.class);
        if (tree == null || !TreeImage.MAGIC.equals(tree.magic) || tree.processes.isEmpty()) {
            throw new VosException(422, "image-corrupt", "image " + dir + ": tree.json is not a vos process tree");
        }
        ProcessImage root = tree.processes.get(0);
        String logFrom = tree.logFile;
        String logTo = logFile != null ? logFile.toString() : tree.logFile;
        long now = Sys.clockNanos(Sys.CLOCK_MONOTONIC);
        long nowBoot = Sys.clockNanos(Sys.CLOCK_BOOTTIME);
        // the namespace's clocks continue from the values they had at the freeze
        long mono = tree.hostMonotonicNs + tree.monotonicOffsetNs - now;
        long boot = tree.hostBoottimeNs + tree.boottimeOffsetNs - nowBoot;
        boolean host = !tree.ownNamespace;
        Launcher.Spawned s = null;
        org.vos.api.hook.Interceptor icp = interceptor;
        org.vos.api.hook.Interception[] ic = {icp == null ? null : icp.prepare(List.copyOf(tree.command), root.exe)};
        try (Tracer tr = new Tracer("restore")) {
            s = launcher.restore(logTo == null ? "/dev/null" : logTo, mono, boot, host ? root.hostPid : root.pid,
                    root.exe, host);
            ph.lap("spawn");
            final long prog = s.program;
            tr.call(() -> {
                Tracee t = restorer.seizeAtExec(prog);
                if (ic[0] != null) {
                    Filters.install(t, proc, ic[0]);
                }
                Map<Long, Tracee> placeholders = restorer.forkTree(t, tree.processes);
                ph.lap("placeholders");
                List<Tracee> all = new ArrayList<>();
                Map<String, String> shared = new java.util.HashMap<>();
                virtualizers.open(dir, List.of());
                try {
                    for (ProcessImage p : tree.processes) {
                        if (!p.zombie) {
                            all.addAll(restorer.restore(placeholders.get(p.pid), p, dir, inv, logFrom, logTo, shared, ph));
                        }
                    }
                    for (ProcessImage p : tree.processes) {
                        if (p.zombie) {
                            restorer.zombify(placeholders.get(p.pid), p.exitStatus);
                        }
                    }
                } finally {
                    virtualizers.close(dir);
                }
                if (ic[0] != null) {
                    ic[0].started(); // the engine's injected calls are over: hooks see the program's own
                }
                // a process stopped by job control at the checkpoint leaves with its stop signal:
                // it stops again before running an instruction, a SIGCONT lets it go on
                Map<Long, Integer> stopOf = new java.util.HashMap<>();
                for (ProcessImage p : tree.processes) {
                    if (p.stopSignal != 0 && !p.zombie) {
                        stopOf.put(placeholders.get(p.pid).pid, p.stopSignal);
                    }
                }
                for (Tracee x : all) {
                    Ptrace.detach(x.tid, x.tid == x.pid ? stopOf.getOrDefault(x.pid, 0) : 0);
                }
                ph.lap("resume");
                return null;
            });
        } catch (RuntimeException e) {
            if (ic[0] != null) {
                ic[0].abandoned(e.getMessage());
            }
            if (s != null) {
                cleanup(s);
            }
            if (e instanceof VosException v) {
                throw v;
            }
            throw new VosException(500, "restore-failed", "restore of " + dir + " failed: " + e.getMessage(), null, e);
        }
        Managed m = new Managed(s.program, root.pid, s, tree.command, logTo, System.currentTimeMillis(), dir.toString(), host);
        managed.add(m);
        ManagedProcess out = info(m);
        out.phasesUs = ph.snapshot();
        return out;
    }

    private static void cleanup(Launcher.Spawned s) {
        for (long pid : new long[] {s.program, s.init}) {
            try {
                Sys.kill(pid, Sys.SIGKILL);
            } catch (LinuxException e) {
                // gone already
            }
        }
        try {
            s.exit.get(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            // nothing more to do
        }
        // a killed tracee may still be on its way out (or wait for its tracer thread to end)
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (Sys.alive(s.program) && ProcFs.system().state(s.program) != 'Z' && System.nanoTime() < deadline) {
            java.util.concurrent.locks.LockSupport.parkNanos(1_000_000);
        }
    }

    @Override
    public void kill(long hostPid) {
        if (held.containsKey(hostPid)) {
            discard(hostPid);
            return;
        }
        Managed m = find(hostPid);
        if (m == null) {
            if (!proc.exists(hostPid)) {
                throw VosException.notFound("unknown-process", "no process " + hostPid);
            }
            Sys.kill(hostPid, Sys.SIGKILL);
            return;
        }
        if (!m.spawned.exit.isDone()) {
            cleanup(m.spawned);
        }
    }

    @Override
    public void signal(long hostPid, int signal) {
        Managed m = find(hostPid);
        if ((m != null && m.spawned.exit.isDone()) || !proc.exists(hostPid)) {
            throw VosException.notFound("unknown-process", "no running process " + hostPid);
        }
        Sys.kill(hostPid, signal);
    }

    @Override
    public List<ManagedProcess> list() {
        return managed.stream().map(this::info).toList();
    }

    @Override
    public ManagedProcess inspect(long hostPid) {
        Managed m = find(hostPid);
        if (m == null) {
            throw VosException.notFound("unknown-process", "engine has no process " + hostPid);
        }
        return info(m);
    }

    @Override
    public Integer waitFor(long hostPid, Duration timeout) {
        Managed m = find(hostPid);
        if (m == null) {
            throw VosException.notFound("unknown-process", "engine has no process " + hostPid);
        }
        return await(m, timeout);
    }

    private static Integer await(Managed m, Duration timeout) {
        try {
            return m.spawned.exit.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        } catch (ExecutionException e) {
            return -1;
        }
    }

    @Override
    public ImageSummary inspectImage(Path dir) {
        ImageSummary s = new ImageSummary();
        s.dir = dir.toString();
        Inventory inv;
        try {
            inv = ImageStore.verify(dir, pool);
            s.checksumsOk = true;
        } catch (VosException e) {
            s.problem = e.getMessage();
            inv = ImageStore.readJson(dir, ImageStore.INVENTORY, Inventory.class);
        }
        s.formatVersion = inv.formatVersion;
        s.vosVersion = inv.vosVersion;
        s.createdAt = inv.createdAt;
        for (Map.Entry<String, Inventory.Part> e : inv.parts.entrySet()) {
            s.bytes += e.getValue().bytes;
            if (e.getKey().startsWith("pages-")) {
                s.pageBytes += e.getValue().bytes - ImageStore.PAGES_HEADER;
            }
        }
        TreeImage tree = ImageStore.readJson(dir, ImageStore.TREE, TreeImage.class);
        for (ProcessImage p : tree.processes) {
            ImageSummary.Proc x = new ImageSummary.Proc();
            x.pid = p.pid;
            x.ppid = p.ppid;
            x.comm = p.comm;
            x.exe = p.exe;
            x.threads = p.threads.size();
            x.vmas = p.vmas.size();
            x.pageBytes = p.vmas.stream().mapToLong(v -> v.pages * Dumper.PAGE).sum();
            for (HandleRecord h : p.fds) {
                x.fds.add(h.fd + " " + h.kind + " " + h.props.getOrDefault("path", "") + " (" + h.virtualizer + ")");
            }
            s.processes.add(x);
        }
        return s;
    }

    private Managed find(long hostPid) {
        Managed found = null;
        for (Managed m : managed) {
            if (m.hostPid == hostPid) {
                found = m; // the newest one wins when a pid was reused
            }
        }
        return found;
    }

    private ManagedProcess info(Managed m) {
        ManagedProcess p = new ManagedProcess();
        p.hostPid = m.hostPid;
        p.nsPid = m.nsPid;
        p.initPid = m.spawned.init;
        p.command = new ArrayList<>(m.command);
        p.logFile = m.logFile;
        p.startedAt = m.startedAt;
        p.restoredFrom = m.restoredFrom;
        Integer code = m.spawned.exit.getNow(null);
        p.state = code == null ? "running" : "exited";
        p.exitCode = code;
        return p;
    }

    /** Lets held trees run on and stops the hash threads; programs keep running (component deactivation). */
    public void shutdown() {
        for (Long pid : List.copyOf(held.keySet())) {
            resume(pid);
        }
        pool.shutdown();
    }

    /** Kills every process still running (tests, benchmarks). */
    public void close() {
        for (Long pid : List.copyOf(held.keySet())) {
            resume(pid);
        }
        for (Managed m : managed) {
            if (!m.spawned.exit.isDone()) {
                cleanup(m.spawned);
            }
        }
        pool.shutdown();
    }
}
