package org.vos.interceptor.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vos.api.hook.Interception;
import org.vos.api.hook.Interceptor;
import org.vos.api.hook.SyscallResult;
import org.vos.linux.LinuxException;
import org.vos.linux.Seccomp;

/**
 * The interceptor without OSGi (tests construct it; the DS component wraps it): the registry of
 * hooks, the programs with filters, the dispatch of their notifications, the watchdog for hooks
 * that overrun, and the rebuild of running programs whose needed set of calls changed.
 */
public final class InterceptorCore implements Interceptor {
    private static final Logger LOG = LoggerFactory.getLogger(InterceptorCore.class);

    /** What the interceptor needs from its host: the running programs, and moving one into a fresh instance. */
    public interface Host {
        /** Running programs: host pid and argv. */
        List<Running> running();

        /** Checkpoints the program and restores it (its filter is asked for again); returns the new host pid. */
        long rebuild(long hostPid);
    }

    /** A running program of the host. */
    public record Running(long hostPid, List<String> command) {
    }

    private final long timeoutNs;
    private final int failErrno;
    private volatile List<HookEntry> hooks = List.of();
    private final AtomicLong version = new AtomicLong();
    private final Map<Long, Program> programs = new ConcurrentHashMap<>();
    private final ThreadLocal<String> carry = new ThreadLocal<>();
    private final AtomicLong keys = new AtomicLong();
    private final ScheduledExecutorService watchdog;
    private final ExecutorService reconciler;
    private final AtomicBoolean reconcileQueued = new AtomicBoolean();
    private volatile Host host;
    private volatile boolean closed;
    final AtomicLong notifications = new AtomicLong();
    final AtomicLong hookErrors = new AtomicLong();
    final AtomicLong hookTimeouts = new AtomicLong();
    final AtomicLong gone = new AtomicLong();
    final AtomicLong rebuilds = new AtomicLong();
    final AtomicLong rebuildFailures = new AtomicLong();
    /** Milliseconds each rebuilt program was frozen (latest last, at most 100). */
    final ConcurrentLinkedDeque<Long> frozenMs = new ConcurrentLinkedDeque<>();

    /**
     * @param timeoutMs a hook running longer is answered for (the call proceeds, or fails with failErrno)
     * @param failErrno 0: a call whose hook threw or overran proceeds; else it fails with this errno
     */
    public InterceptorCore(long timeoutMs, int failErrno) {
        this.timeoutNs = TimeUnit.MILLISECONDS.toNanos(timeoutMs);
        this.failErrno = failErrno;
        this.watchdog = Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "vos-intercept-watchdog"));
        this.reconciler = Executors.newSingleThreadExecutor(r -> daemon(r, "vos-intercept-rebuild"));
        long tick = Math.max(10, Math.min(250, timeoutMs / 4));
        watchdog.scheduleWithFixedDelay(this::watch, tick, tick, TimeUnit.MILLISECONDS);
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }

    public void host(Host h) {
        this.host = h;
    }

    // --- registry ------------------------------------------------------------------------

    /** Adds a hook; programs it applies to are rebuilt when their set of calls changes. */
    public void add(HookEntry h) {
        synchronized (this) {
            List<HookEntry> l = new ArrayList<>(hooks);
            l.add(h);
            l.sort(Comparator.comparingInt((HookEntry x) -> x.order).thenComparingLong(x -> x.serviceId));
            hooks = List.copyOf(l);
            version.incrementAndGet();
        }
        LOG.info("hook {} (set {}) added: {}", h.serviceId, h.set, names(h.syscalls));
        reconcileSoon();
    }

    public void remove(long serviceId) {
        synchronized (this) {
            List<HookEntry> l = new ArrayList<>(hooks);
            if (!l.removeIf(h -> h.serviceId == serviceId)) {
                return;
            }
            hooks = List.copyOf(l);
            version.incrementAndGet();
        }
        LOG.info("hook {} removed", serviceId);
        reconcileSoon();
    }

    List<HookEntry> hooks() {
        return hooks;
    }

    private volatile List<Profile> profiles = List.of();

    /** Adds or removes a per-application profile; programs whose hooks change are rebuilt. */
    public void profile(Profile p, boolean add) {
        synchronized (this) {
            List<Profile> l = new ArrayList<>(profiles);
            if (add) {
                l.add(p);
            } else {
                l.remove(p);
            }
            profiles = List.copyOf(l);
            version.incrementAndGet();
        }
        LOG.info("profile {} {}: hook sets {} for {}", p.name(), add ? "added" : "removed", p.hookSets(), p.appliesTo());
        reconcileSoon();
    }

    /** Whether hook {@code h} applies to a program with these names: its own globs, then the profiles. */
    boolean applies(HookEntry h, List<String> names) {
        if (!h.appliesTo(names)) {
            return false;
        }
        boolean restricted = false;
        for (Profile p : profiles) {
            if (p.hookSets().contains(h.set)) {
                restricted = true;
                if (p.matches(names)) {
                    return true;
                }
            }
        }
        return !restricted;
    }

    long version() {
        return version.get();
    }

    private static List<String> names(Set<Integer> nrs) {
        return nrs.stream().map(Syscalls::name).toList();
    }

    // --- the engine's side ----------------------------------------------------------------

    @Override
    public Interception prepare(List<String> command, String exe) {
        if (closed) {
            return null;
        }
        List<String> names = names(command, exe);
        Set<Integer> wanted = wanted(names);
        if (wanted.isEmpty()) {
            return null;
        }
        String key = carry.get();
        return new Program(this, key != null ? key : "p" + keys.incrementAndGet(), names, wanted);
    }

    static List<String> names(List<String> command, String exe) {
        List<String> names = new ArrayList<>();
        if (command != null && !command.isEmpty()) {
            names.add(Path.of(command.get(0)).getFileName().toString());
        }
        if (exe != null) {
            names.add(Path.of(exe).getFileName().toString());
        }
        return names;
    }

    private Set<Integer> wanted(List<String> names) {
        Set<Integer> s = new TreeSet<>();
        for (HookEntry h : hooks) {
            if (applies(h, names)) {
                s.addAll(h.syscalls);
            }
        }
        return s;
    }

    @Override
    public List<String> hookSets(long hostPid) {
        Program p = programs.get(hostPid);
        if (p == null) {
            return List.of();
        }
        Set<String> sets = new TreeSet<>();
        for (HookEntry h : hooks) {
            if (applies(h, p.names) && p.syscalls.containsAll(h.syscalls)) {
                sets.add(h.set);
            }
        }
        return new ArrayList<>(sets);
    }

    void attached(Program p) {
        Program old = programs.put(p.hostPid, p);
        if (old != null && old != p) {
            old.close();
        }
    }

    void gone(Program p) {
        programs.remove(p.hostPid, p);
        gone.incrementAndGet();
    }

    /** The program with a filter at this host pid, or null. */
    Program program(long hostPid) {
        return programs.get(hostPid);
    }

    // --- dispatch -------------------------------------------------------------------------

    void dispatch(Program p, Seccomp.Channel ch, Seccomp.Notification n, Event ev) {
        notifications.incrementAndGet();
        if (!p.started) {
            ch.proceed(n.id); // the engine's own injected calls during a restore
            return;
        }
        HookEntry[] hs = p.hooksFor(n.nr);
        if (hs.length == 0) {
            ch.proceed(n.id);
            return;
        }
        ev.reset(n);
        SyscallResult result = SyscallResult.proceed();
        HookEntry[] seen = new HookEntry[hs.length];
        int nseen = 0;
        p.busySince = System.nanoTime();
        p.busy.set(n.id);
        for (HookEntry h : hs) {
            p.busyHook = h;
            try {
                if (!h.hook.test(ev)) {
                    continue;
                }
                seen[nseen++] = h;
                h.calls.incrementAndGet();
                SyscallResult r = h.hook.handle(ev);
                if (r != null && !r.isProceed()) {
                    result = r;
                    break;
                }
            } catch (Throwable t) { // a hook never takes the program down with it
                h.errors.incrementAndGet();
                hookErrors.incrementAndGet();
                LOG.warn("process {}: hook {} (set {}) failed on {}: {}", p.hostPid, h.serviceId, h.set,
                        Syscalls.name(n.nr), t.toString());
                if (failErrno != 0) {
                    result = SyscallResult.error(failErrno);
                    break;
                }
            }
        }
        p.busyHook = null;
        if (!p.busy.compareAndSet(n.id, 0)) {
            return; // the watchdog answered for an overrunning hook; this thread has been replaced
        }
        SyscallResult got = answer(p, ch, n.id, result);
        for (int i = 0; i < nseen; i++) {
            try {
                seen[i].hook.answered(ev, got);
            } catch (Throwable t) {
                seen[i].errors.incrementAndGet();
                hookErrors.incrementAndGet();
                LOG.warn("process {}: hook {} failed after {}: {}", p.hostPid, seen[i].serviceId, Syscalls.name(n.nr), t.toString());
            }
        }
    }

    /** Sends the answer; returns what the program got (a file that could not be opened: its errno). */
    private static SyscallResult answer(Program p, Seccomp.Channel ch, long id, SyscallResult r) {
        if (r.isProceed()) {
            ch.proceed(id);
            return r;
        }
        if (r.path() != null) {
            int local;
            try {
                local = Seccomp.openFile(r.path(), r.flags(), r.mode());
            } catch (LinuxException e) {
                SyscallResult err = SyscallResult.error(e.errno());
                ch.answer(id, 0, e.errno());
                return err;
            }
            try {
                int fd = ch.addFdAndAnswer(id, local, (r.flags() & 02000000) != 0);
                return SyscallResult.value(fd);
            } finally {
                Seccomp.closeFd(local);
            }
        }
        ch.answer(id, r.value(), r.errno());
        return r;
    }

    /** Answers for hooks that overran their time; their thread is replaced. */
    private void watch() {
        long now = System.nanoTime();
        for (Program p : programs.values()) {
            long id = p.busy.get();
            if (id == 0 || now - p.busySince < timeoutNs) {
                continue;
            }
            HookEntry h = p.busyHook;
            if (!p.busy.compareAndSet(id, 0)) {
                continue;
            }
            hookTimeouts.incrementAndGet();
            if (h != null) {
                h.timeouts.incrementAndGet();
            }
            LOG.warn("process {}: hook {} overran {} ms; the call {}", p.hostPid, h == null ? "?" : h.serviceId,
                    TimeUnit.NANOSECONDS.toMillis(timeoutNs), failErrno == 0 ? "proceeds" : "fails with errno " + failErrno);
            try {
                Seccomp.Channel ch = new Seccomp.Channel(p.fd, -1);
                if (failErrno == 0) {
                    ch.proceed(id);
                } else {
                    ch.answer(id, 0, failErrno);
                }
            } catch (LinuxException e) {
                LOG.debug("process {}: answering for an overrunning hook: {}", p.hostPid, e.getMessage());
            }
            p.generation++;
            p.startServer();
        }
    }

    // --- hooks changing on running programs --------------------------------------------------

    private void reconcileSoon() {
        if (closed || host == null) {
            return;
        }
        if (reconcileQueued.compareAndSet(false, true)) {
            reconciler.execute(() -> {
                reconcileQueued.set(false);
                reconcile();
            });
        }
    }

    /** Rebuilds every running program whose filter does not name exactly the calls its hooks need. */
    public synchronized int reconcile() {
        Host h = host;
        if (h == null || closed) {
            return 0;
        }
        int n = 0;
        for (Running r : h.running()) {
            List<String> names = names(r.command(), exe(r.hostPid()));
            Set<Integer> wanted = wanted(names);
            Program p = programs.get(r.hostPid());
            Set<Integer> installed = p == null ? Set.of() : p.syscalls;
            if (!wanted.equals(installed)) {
                rebuild(h, r.hostPid(), p);
                n++;
            }
        }
        return n;
    }

    private void rebuild(Host h, long hostPid, Program p) {
        carry.set(p != null ? p.key : null);
        long t0 = System.nanoTime();
        try {
            long now = h.rebuild(hostPid);
            long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
            rebuilds.incrementAndGet();
            frozenMs.addLast(ms);
            while (frozenMs.size() > 100) {
                frozenMs.pollFirst();
            }
            LOG.info("process {} rebuilt with its new filter as {} ({} ms frozen)", hostPid, now, ms);
        } catch (RuntimeException e) {
            rebuildFailures.incrementAndGet();
            LOG.warn("process {}: rebuilding it with its new filter failed: {}", hostPid, e.getMessage());
        } finally {
            carry.remove();
        }
    }

    private static String exe(long pid) {
        try {
            return Files.readSymbolicLink(Path.of("/proc/" + pid + "/exe")).toString();
        } catch (IOException e) {
            return null;
        }
    }

    /** Counters for the REST, docs and tests. */
    public Map<String, Object> stats() {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("hooks", hooks.size());
        s.put("programs", programs.size());
        s.put("notifications", notifications.get());
        s.put("hookErrors", hookErrors.get());
        s.put("hookTimeouts", hookTimeouts.get());
        s.put("programsGone", gone.get());
        s.put("rebuilds", rebuilds.get());
        s.put("rebuildFailures", rebuildFailures.get());
        s.put("frozenMs", List.copyOf(frozenMs));
        return s;
    }

    /**
     * Before {@link #close}: moves every program with a filter into an instance without one
     * (bounded by {@code timeoutMs}), so that programs outliving the interceptor keep working.
     * Returns how many were moved.
     */
    public int unhookAll(long timeoutMs) {
        closed = true; // prepare() gives no filter from now on; serving goes on meanwhile
        Host h = host;
        if (h == null) {
            return 0;
        }
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
        int n = 0;
        synchronized (this) {
            for (Program p : List.copyOf(programs.values())) {
                if (System.nanoTime() > deadline) {
                    LOG.warn("process {} keeps its filter: no time left to move it (its hooked calls fail with ENOSYS)", p.hostPid);
                    continue;
                }
                rebuild(h, p.hostPid, p);
                n++;
            }
        }
        return n;
    }

    /** Stops serving; programs keep running (a call their filter names then fails with ENOSYS). */
    public void close() {
        closed = true;
        watchdog.shutdownNow();
        reconciler.shutdownNow();
        for (Program p : programs.values()) {
            p.close();
        }
    }

    /** Waits (bounded) until the rebuilds queued so far are done. */
    public void awaitIdle(long timeoutMs) throws InterruptedException {
        java.util.concurrent.CountDownLatch l = new java.util.concurrent.CountDownLatch(1);
        reconciler.execute(l::countDown);
        l.await(timeoutMs, TimeUnit.MILLISECONDS);
    }
}
