package org.vos.engine.internal;

import java.util.LinkedHashMap;
import java.util.Map;

/** Accumulates the time spent per phase of one checkpoint or restore (microseconds). */
final class Phases {
    private final Map<String, Long> us = new LinkedHashMap<>();
    private long mark = System.nanoTime();

    /** Charges the time since the last mark to {@code phase}. */
    synchronized void lap(String phase) {
        long now = System.nanoTime();
        us.merge(phase, (now - mark) / 1000, Long::sum);
        mark = now;
    }

    synchronized Map<String, Long> snapshot() {
        return new LinkedHashMap<>(us);
    }
}
