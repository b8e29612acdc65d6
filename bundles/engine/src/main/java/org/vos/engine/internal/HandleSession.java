package org.vos.engine.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.vos.api.domain.VosException;
import org.vos.api.virt.Handle;
import org.vos.api.virt.HandleRecord;
import org.vos.api.virt.HandleVirtualizer;
import org.vos.engine.internal.image.Inventory;
import org.vos.linux.LinuxException;
import org.vos.linux.Sys;

/**
 * The descriptors of one checkpoint or one restore of a process tree: finds open files shared by
 * several descriptors (kcmp) so each is dumped once, orders restores by phase, keeps the objects
 * virtualizers share between calls and the executive-local descriptors they took, and checksums
 * the image files they wrote. Used from the operation's tracer thread only.
 */
final class HandleSession implements AutoCloseable {
    private static final int O_CLOEXEC = 02000000, SYS_kcmp = 312, KCMP_FILE = 0;
    /** Where the last descriptor looked up by {@link #sameFile} belongs in its inode's sorted list. */
    private int insertAt;
    private final Virtualizers virtualizers;
    final Path dir;
    final Set<Long> tree = new LinkedHashSet<>();
    final Map<String, Object> shared = new HashMap<>();
    private final List<Integer> local = new ArrayList<>();
    private final List<String> written = new ArrayList<>();
    /** Dump: ino → descriptors seen so far {hostPid, fd} with their record. */
    private final Map<Long, List<Seen>> seen = new HashMap<>();
    /** Restore: "PID:FD" (image pid) → {host pid, fd} where it was restored. */
    private final Map<String, long[]> restored = new HashMap<>();

    private record Seen(long hostPid, int fd, String kind, HandleRecord rec, long nsPid) {
    }

    HandleSession(Virtualizers virtualizers, Path dir) {
        this.virtualizers = virtualizers;
        this.dir = dir;
    }

    /** Dumps the descriptors of one frozen process; image files written are added to {@code parts}. */
    List<HandleRecord> dump(Remote r, long nsPid, Map<Handle, HandleVirtualizer> fds, Map<String, Inventory.Part> parts) {
        r.session = this;
        r.nsPid = nsPid;
        List<HandleRecord> out = new ArrayList<>();
        for (Map.Entry<Handle, HandleVirtualizer> e : fds.entrySet()) {
            Handle h = e.getKey();
            HandleRecord same = sameFile(h);
            if (same != null) {
                Locks.dump(h, same, true);
                out.add(same);
                continue;
            }
            HandleVirtualizer v = e.getValue();
            r.resetScratch();
            r.currentFd = h.fd;
            HandleRecord rec;
            try {
                rec = v.dump(r, h);
            } catch (RuntimeException ex) {
                throw failed("dump", h.pid, h.fd, h.kind + " " + h.target, virtualizers.nameOf(v), ex);
            }
            if (rec.virtualizer == null) {
                rec.virtualizer = virtualizers.nameOf(v);
            }
            rec.ino = h.ino;
            Locks.dump(h, rec, false);
            if (insertAt >= 0 && h.ino != 0) {
                seen.computeIfAbsent(h.ino, k -> new ArrayList<>()).add(insertAt, new Seen(h.pid, h.fd, h.kind, rec, nsPid));
            }
            out.add(rec);
        }
        for (String name : written) {
            parts.put(name, hash(dir.resolve(name)));
        }
        written.clear();
        return out;
    }

    /**
     * The earlier record whose open file this descriptor shares, or null. Descriptors of one inode
     * are kept sorted by kcmp's order of their struct file, so each lookup costs O(log n) kcmp
     * calls (anonymous inodes: every eventfd, timerfd, epoll... shares one inode).
     */
    private HandleRecord sameFile(Handle h) {
        if (h.ino == 0) {
            return null;
        }
        List<Seen> l = seen.getOrDefault(h.ino, List.of());
        int lo = 0;
        int hi = l.size();
        try {
            while (lo < hi) {
                int mid = (lo + hi) >>> 1;
                Seen s = l.get(mid);
                long c = Sys.call("kcmp", SYS_kcmp, s.hostPid, h.pid, KCMP_FILE, s.fd, h.fd);
                if (c == 0) {
                    HandleRecord r = new HandleRecord();
                    r.pid = h.pid;
                    r.fd = h.fd;
                    r.kind = h.kind;
                    r.virtualizer = s.rec.virtualizer;
                    r.flags = h.flags;
                    r.ino = h.ino;
                    r.sameAs = s.nsPid + ":" + s.fd;
                    return r;
                } else if (c == 1) {
                    lo = mid + 1;
                } else {
                    hi = mid;
                }
            }
        } catch (LinuxException e) {
            insertAt = -1; // no kcmp: every descriptor is dumped on its own
            return null;
        }
        insertAt = lo;
        return null;
    }

    /** Restores the descriptors of one process: by phase, then image order; shared files installed. */
    void restore(Remote r, long nsPid, List<HandleRecord> records) {
        r.session = this;
        r.nsPid = nsPid;
        tree.add(r.hostPid());
        List<HandleRecord> order = new ArrayList<>(records);
        Map<HandleRecord, Integer> phase = new HashMap<>();
        for (HandleRecord h : order) {
            HandleVirtualizer v = virtualizers.byName(h.virtualizer);
            if (v == null) {
                throw new VosException(422, "unsupported-handle", "process " + nsPid + " fd " + h.fd + " (" + h.kind
                        + ") needs virtualizer " + h.virtualizer + ", which is not installed");
            }
            phase.put(h, h.sameAs != null ? 0 : v.phase(h));
        }
        order.sort(Comparator.comparingInt(phase::get));
        r.spareFd = 1 + order.stream().mapToInt(x -> x.fd).max().orElse(2);
        try {
            restoreAll(r, nsPid, order);
        } finally {
            r.closeInstallSocket();
        }
    }

    private void restoreAll(Remote r, long nsPid, List<HandleRecord> order) {
        for (HandleRecord h : order) {
            r.resetScratch();
            r.currentFd = h.fd;
            boolean cloexec = (h.flags & O_CLOEXEC) != 0;
            if (h.sameAs != null) {
                long[] at = restored.get(h.sameAs);
                if (at == null) {
                    throw new VosException(422, "image-corrupt", "process " + nsPid + " fd " + h.fd
                            + " shares the open file of " + h.sameAs + ", which was not restored before it");
                }
                if (at[0] == r.hostPid()) {
                    r.check("dup3 fd " + at[1] + " to " + h.fd, Sys.SYS_dup3, at[1], h.fd, cloexec ? O_CLOEXEC : 0);
                } else {
                    r.install(take(at[0], (int) at[1]), h.fd, cloexec);
                }
            } else {
                HandleVirtualizer v = virtualizers.byName(h.virtualizer);
                try {
                    v.restore(r, h);
                } catch (RuntimeException ex) {
                    throw failed("restore", nsPid, h.fd, h.kind + " " + h.props.getOrDefault("path", ""), h.virtualizer, ex);
                }
            }
            Locks.restore(r, nsPid, h);
            restored.put(nsPid + ":" + h.fd, new long[] {r.hostPid(), h.fd});
        }
    }

    private static VosException failed(String what, long pid, int fd, String handle, String virt, RuntimeException ex) {
        if (ex instanceof VosException v) {
            String m = v.getMessage();
            if (m.contains("fd " + fd)) {
                return v;
            }
            return new VosException(v.status(), v.code(), "process " + pid + " fd " + fd + " (" + handle.trim() + "): " + m, null, v);
        }
        return new VosException(500, "handle-failed", "process " + pid + " fd " + fd + " (" + handle.trim()
                + "): virtualizer " + virt + " failed to " + what + " it: " + ex, null, ex);
    }

    /** pidfd_getfd of a descriptor of a live process into the executive; closed with the session. */
    int take(long hostPid, int fd) {
        int pidfd = Sys.pidfdOpen(hostPid);
        try {
            int l = Sys.pidfdGetfd(pidfd, fd);
            local.add(l);
            return l;
        } finally {
            Sys.close(pidfd);
        }
    }

    Path imageFile(long nsPid, int fd, String name) {
        if (!name.matches("[A-Za-z0-9_.-]{1,64}")) {
            throw new IllegalArgumentException("image file name must be a simple word: " + name);
        }
        String file = "fd-" + nsPid + "-" + fd + "-" + name + ".img";
        if (!written.contains(file)) {
            written.add(file);
        }
        return dir.resolve(file);
    }

    private static Inventory.Part hash(Path p) {
        try (FileChannel ch = FileChannel.open(p)) {
            MessageDigest md = ImageStore.sha256();
            ByteBuffer b = ByteBuffer.allocate(1 << 20);
            long n = 0;
            int k;
            while ((k = ch.read(b)) > 0) {
                n += k;
                b.flip();
                md.update(b);
                b.clear();
            }
            return new Inventory.Part(n, HexFormat.of().formatHex(md.digest()));
        } catch (java.nio.file.NoSuchFileException e) {
            return emptyPart(p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Inventory.Part emptyPart(Path p) {
        try {
            Files.write(p, new byte[0]);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new Inventory.Part(0, HexFormat.of().formatHex(ImageStore.sha256().digest()));
    }

    @Override
    public void close() {
        for (Object o : shared.values()) {
            if (o instanceof AutoCloseable c) {
                try {
                    c.close();
                } catch (Exception e) {
                    // best effort at the end of the operation
                }
            }
        }
        for (int fd : local) {
            try {
                Sys.close(fd);
            } catch (LinuxException e) {
                // closed by its user
            }
        }
        local.clear();
    }
}
