package org.vos.preflight.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.vos.api.preflight.PlanItem;
import org.vos.api.virt.Handle;
import org.vos.api.virt.HandleVirtualizer;
import org.vos.linux.ProcFs;

/**
 * The descriptors of a process, each with the virtualizer that would dump it (asked through
 * {@link HandleVirtualizer#claims} and {@link HandleVirtualizer#plan}, which must not touch the
 * process), or the reason none can and the bundle that would.
 */
final class Descriptors {
    /** A virtualizer of the registry with the bundle that registered it. */
    record Known(String name, String bundle, String version, HandleVirtualizer v) {
    }

    /** Which bundle (and what it is) when nothing claims a descriptor: the answer to "what would". */
    interface Bundles {
        /** {@code installed}, {@code active}, or null when no bundle of that name is installed. */
        String state(String bsn);
    }

    static final String KERNEL = "org.vos.virt.kernel";
    static final String FILES = "org.vos.virt.files";
    static final String SOCKETS = "org.vos.virt.sockets";

    private Descriptors() {
    }

    static PlanItem item(ProcFs proc, Handle h, List<Known> registry, String host, Bundles bundles, UnixPeers peers) {
        PlanItem i = new PlanItem();
        i.kind = "fd";
        i.pid = h.pid;
        i.fd = h.fd;
        i.what = h.kind + " " + h.target;
        for (Known k : registry) {
            try {
                if (k.v.claims(h)) {
                    i.by = k.name;
                    i.bundle = k.bundle;
                    i.action = k.v.plan(h);
                    return i;
                }
            } catch (RuntimeException e) {
                i.blocker = true;
                i.by = k.name;
                i.bundle = k.bundle;
                i.reason = "virtualizer " + k.name + " failed to look at it: " + e;
                return i;
            }
        }
        if (builtinFiles(h)) {
            i.by = "files";
            i.bundle = "org.vos.engine";
            i.action = "reopen " + h.target + " flags 0" + Integer.toOctalString(h.flags) + " offset " + h.pos;
            return i;
        }
        i.blocker = true;
        unclaimed(proc, h, i, peers);
        if (i.bundle != null && i.remedy == null) {
            String state = bundles.state(i.bundle);
            i.remedy = state == null ? "install bundle " + i.bundle + " on " + host
                    : "active".equals(state) ? "bundle " + i.bundle + " is active on " + host + " but claims nothing here"
                    : "start bundle " + i.bundle + " on " + host;
        }
        return i;
    }

    /** The engine's built-in virtualizer: plain files, directories and /dev/null-like devices reopened by path. */
    static boolean builtinFiles(Handle h) {
        if (!(h.kind.equals("file") || h.kind.equals("dir") || h.kind.equals("chr")) || h.target.endsWith(" (deleted)")) {
            return false;
        }
        try {
            Path open = Path.of("/proc/" + h.pid + "/fd/" + h.fd);
            Path named = Path.of(h.target);
            return Files.getAttribute(open, "unix:ino").equals(Files.getAttribute(named, "unix:ino"))
                    && Files.getAttribute(open, "unix:dev").equals(Files.getAttribute(named, "unix:dev"));
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    /** Why nothing claims it, and which bundle would. */
    private static void unclaimed(ProcFs proc, Handle h, PlanItem i, UnixPeers peers) {
        switch (h.kind) {
            case "pipe", "fifo", "anon:eventfd", "anon:eventpoll", "anon:timerfd", "anon:signalfd", "anon:inotify" -> {
                i.bundle = KERNEL;
                i.reason = "no kernel-objects virtualizer is installed for " + h.kind + " (bundle " + KERNEL + ")";
            }
            case "socket" -> socket(proc, h, i, peers);
            case "file", "dir", "chr", "blk" -> {
                if (h.target.endsWith(" (deleted)") || h.target.startsWith("/memfd:") || h.target.startsWith("/tmp/")
                        || h.target.startsWith("/var/tmp/")) {
                    i.bundle = FILES;
                    i.reason = "a deleted, memfd or host-private file needs the files virtualizer (bundle " + FILES + ")";
                } else if (h.kind.equals("blk")) {
                    i.reason = "a block device: vos cannot move it";
                } else {
                    i.reason = "its path " + h.target + " does not name the open file (a special file system): reopening it would open something else";
                }
            }
            default -> i.reason = "no virtualizer handles " + h.kind + " and no vos bundle knows how to";
        }
    }

    /** Socket type from the process's own network namespace tables (/proc/PID/net/*). */
    private static void socket(ProcFs proc, Handle h, PlanItem i, UnixPeers peers) {
        long ino = inode(h.target);
        Path net = proc.pidDir(h.pid).resolve("net");
        for (String table : List.of("raw", "raw6", "packet")) {
            if (inTable(net.resolve(table), ino)) {
                i.what = "socket " + table + " " + h.target;
                i.reason = ("packet".equals(table) ? "a packet socket" : "a raw socket")
                        + " (" + table + ") is bound to this host's network devices and cannot move";
                i.remedy = "end or close it before migrating";
                return;
            }
        }
        for (String table : List.of("tcp", "tcp6", "udp", "udp6", "unix", "netlink")) {
            if (inTable(net.resolve(table), ino)) {
                Long peer = "unix".equals(table) && peers != null ? peers.peer(h.pid, ino) : null;
                if (peer != null && peer != 0 && !peers.tree.contains(peer)) {
                    i.what = "socket unix " + h.target + " (peer socket:[" + peer + "])";
                    i.reason = "a unix socket whose peer socket:[" + peer + "] is held outside the program's tree: the connection cannot move with it";
                    i.remedy = "checkpoint the peer's process with it (a common parent), or close the connection";
                    return;
                }
                i.what = "socket " + table + " " + h.target;
                i.bundle = "netlink".equals(table) ? null : SOCKETS;
                i.reason = "netlink".equals(table) ? "a netlink socket: no vos bundle moves it"
                        : "no socket virtualizer is installed for " + table + " sockets (bundle " + SOCKETS + ")";
                return;
            }
        }
        i.bundle = SOCKETS;
        i.reason = "no socket virtualizer is installed (bundle " + SOCKETS + ")";
    }

    static long inode(String target) {
        int a = target.indexOf('['), b = target.indexOf(']');
        try {
            return a >= 0 && b > a ? Long.parseLong(target.substring(a + 1, b)) : 0;
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    /** Whether {@code ino} appears as an inode column of a /proc/net table. */
    static boolean inTable(Path table, long ino) {
        if (ino == 0) {
            return false;
        }
        String s = Profiles.read(table);
        String want = Long.toString(ino);
        for (String line : s.split("\n")) {
            for (String f : line.trim().split("\\s+")) {
                if (f.equals(want)) {
                    return true;
                }
            }
        }
        return false;
    }
}
