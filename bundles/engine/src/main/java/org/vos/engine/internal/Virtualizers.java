package org.vos.engine.internal;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.vos.api.virt.Handle;
import org.vos.api.virt.HandleVirtualizer;

/** The handle virtualizers known to the engine: from the service registry, or added by hand in tests. */
public final class Virtualizers {
    private final List<Entry> list = new CopyOnWriteArrayList<>();
    private final java.util.Map<java.nio.file.Path, HandleSession> sessions = new java.util.concurrent.ConcurrentHashMap<>();

    private record Entry(String name, HandleVirtualizer v) {
    }

    /** Registered virtualizers come before the built-in ones, which are added with {@code builtin}. */
    public void add(String name, HandleVirtualizer v) {
        list.add(0, new Entry(name, v));
    }

    public void builtin(String name, HandleVirtualizer v) {
        list.add(new Entry(name, v));
    }

    public void remove(HandleVirtualizer v) {
        list.removeIf(e -> e.v == v);
    }

    HandleVirtualizer find(Handle h) {
        for (Entry e : list) {
            if (e.v.claims(h)) {
                return e.v;
            }
        }
        return null;
    }

    String nameOf(HandleVirtualizer v) {
        for (Entry e : list) {
            if (e.v == v) {
                return e.name;
            }
        }
        return v.getClass().getName();
    }

    /** Opens the descriptor session of one checkpoint or restore, found again by its image directory. */
    HandleSession open(java.nio.file.Path dir, java.util.Collection<Long> tree) {
        HandleSession s = new HandleSession(this, dir);
        s.tree.addAll(tree);
        sessions.put(dir, s);
        return s;
    }

    /** The open session of {@code dir}; one is made on demand (closed by {@link #close}). */
    HandleSession session(java.nio.file.Path dir) {
        return sessions.computeIfAbsent(dir, d -> new HandleSession(this, d));
    }

    void close(java.nio.file.Path dir) {
        HandleSession s = sessions.remove(dir);
        if (s != null) {
            s.close();
        }
    }

    HandleVirtualizer byName(String name) {
        for (Entry e : list) {
            if (e.name.equals(name)) {
                return e.v;
            }
        }
        return null;
    }
}
