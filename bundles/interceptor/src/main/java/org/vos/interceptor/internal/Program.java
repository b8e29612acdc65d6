package org.vos.interceptor.internal;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import org.vos.api.hook.Interception;
import org.vos.linux.LinuxException;
import org.vos.linux.Seccomp;

/**
 * One program with a filter: its listener, the system calls its filter names, and the thread
 * that serves it (blocked in poll(2) on the listener and a wake-up eventfd, never spinning).
 */
final class Program implements Interception {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(Program.class);
    final InterceptorCore core;
    final String key;
    final List<String> names;
    final Set<Integer> syscalls;
    private final byte[] program;
    volatile long hostPid;
    volatile int fd = -1;
    private volatile int wake = -1;
    volatile boolean started;
    private final AtomicBoolean released = new AtomicBoolean();
    private volatile boolean closing;
    /** Serving thread generation: a thread whose hook overran is replaced and stops when it returns. */
    volatile int generation;
    /** Notification id being handled by hooks (0: none) and since when (System.nanoTime). */
    final AtomicLong busy = new AtomicLong();
    volatile long busySince;
    volatile HookEntry busyHook;
    final AtomicLong notifications = new AtomicLong();
    private final Map<Long, FileChannel> mems = new ConcurrentHashMap<>();
    private volatile long hooksVersion = -1;
    private volatile HookEntry[][] byNr = new HookEntry[0][];

    Program(InterceptorCore core, String key, List<String> names, Set<Integer> syscalls) {
        this.core = core;
        this.key = key;
        this.names = List.copyOf(names);
        this.syscalls = Set.copyOf(syscalls);
        this.program = Bpf.program(syscalls);
    }

    @Override
    public byte[] program() {
        return program.clone();
    }

    @Override
    public void attached(long hostPid, int listenerFd) {
        this.hostPid = hostPid;
        this.fd = listenerFd;
        try {
            Seccomp.setFlags(listenerFd, Seccomp.USER_NOTIF_FD_SYNC_WAKE_UP);
        } catch (LinuxException e) {
            LOG.warn("process {}: no SYNC_WAKE_UP on its listener ({}): slower round trips", hostPid, e.getMessage());
        }
        wake = Seccomp.eventFd();
        core.attached(this);
        startServer();
    }

    @Override
    public void started() {
        started = true;
    }

    @Override
    public void abandoned(String reason) {
        if (fd < 0) {
            released.set(true);
            return;
        }
        LOG.debug("process {}: filter abandoned: {}", hostPid, reason);
        close();
    }

    void startServer() {
        int gen = generation;
        Thread t = new Thread(() -> serve(gen), "vos-intercept-" + hostPid + "-" + gen);
        t.setDaemon(true);
        t.start();
    }

    private void serve(int gen) {
        Seccomp.Channel ch = new Seccomp.Channel(fd, wake);
        Seccomp.Notification n = new Seccomp.Notification();
        Event ev = new Event(this, ch);
        try {
            while (!closing && gen == generation) {
                if (!ch.await()) {
                    break; // the program is gone (POLLHUP) or we are closing
                }
                if (!ch.receive(n)) {
                    continue; // withdrawn (signal) or gone: the next poll tells
                }
                notifications.incrementAndGet();
                core.dispatch(this, ch, n, ev);
            }
        } catch (RuntimeException e) {
            LOG.warn("process {}: serving its notifications failed", hostPid, e);
        } finally {
            if (gen == generation) {
                release();
            }
        }
    }

    /** Ends serving: the thread releases the listener (pending calls then fail with ENOSYS). */
    synchronized void close() {
        closing = true;
        if (released.get()) {
            return; // its descriptors are closed: their numbers may belong to someone else now
        }
        int w = wake;
        if (w >= 0) {
            try {
                Seccomp.signal(w);
            } catch (LinuxException e) {
                // nothing more to do
            }
        } else {
            release();
        }
    }

    private synchronized void release() {
        if (!released.compareAndSet(false, true)) {
            return;
        }
        closeQuietly(fd);
        closeQuietly(wake);
        for (FileChannel c : mems.values()) {
            try {
                c.close();
            } catch (IOException e) {
                // nothing to do
            }
        }
        mems.clear();
        core.gone(this);
    }

    boolean isReleased() {
        return released.get();
    }

    private static void closeQuietly(int fd) {
        if (fd >= 0) {
            try {
                Seccomp.closeFd(fd);
            } catch (LinuxException e) {
                // closed already
            }
        }
    }

    /** Hooks for call {@code nr} in order, from the core's current registry. */
    HookEntry[] hooksFor(int nr) {
        long v = core.version();
        HookEntry[][] table = byNr;
        if (v != hooksVersion) {
            table = new HookEntry[512][];
            List<HookEntry> all = core.hooks();
            for (int s : syscalls) {
                List<HookEntry> l = new ArrayList<>();
                for (HookEntry h : all) {
                    if (h.syscalls.contains(s) && core.applies(h, names)) {
                        l.add(h);
                    }
                }
                if (s < table.length) {
                    table[s] = l.toArray(new HookEntry[0]);
                }
            }
            byNr = table;
            hooksVersion = v;
        }
        HookEntry[] h = nr >= 0 && nr < table.length ? table[nr] : null;
        return h == null ? new HookEntry[0] : h;
    }

    FileChannel mem(long tid) throws IOException {
        FileChannel c = mems.get(tid);
        if (c == null || !c.isOpen()) {
            c = FileChannel.open(Path.of("/proc/" + tid + "/mem"), StandardOpenOption.READ, StandardOpenOption.WRITE);
            mems.put(tid, c);
            if (mems.size() > 64) {
                mems.keySet().removeIf(t -> t != tid);
            }
        }
        return c;
    }

    void forgetMem(long tid) {
        FileChannel c = mems.remove(tid);
        if (c != null) {
            try {
                c.close();
            } catch (IOException e) {
                // nothing to do
            }
        }
    }
}
