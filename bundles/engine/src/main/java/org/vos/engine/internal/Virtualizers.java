package org.vos.engine.internal;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.vos.api.virt.Handle;
import org.vos.api.virt.HandleVirtualizer;

/** The handle virtualizers known to the engine: from the service registry, or added by hand in tests. */
public final class Virtualizers {
    private final List<Entry> list = new CopyOnWriteArrayList<>();

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

    HandleVirtualizer byName(String name) {
        for (Entry e : list) {
            if (e.name.equals(name)) {
                return e.v;
            }
        }
        return null;
    }
}
