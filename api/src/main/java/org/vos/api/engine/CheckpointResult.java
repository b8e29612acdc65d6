package org.vos.api.engine;

/** What a checkpoint wrote and how long the program was frozen. */
public class CheckpointResult {
    public String dir;
    /** Bytes of the whole image (metadata + page data). */
    public long bytes;
    /** Bytes of page data. */
    public long pageBytes;
    public int processes;
    public int threads;
    /** Milliseconds from the first interrupt until every thread was stopped. */
    public long freezeMs;
    /** Milliseconds from the first interrupt until the image was complete (includes freezeMs). */
    public long dumpMs;
    /** Whether the program was resumed (leaveRunning) or killed. */
    public boolean leftRunning;
    /** Where the time went: phase name → microseconds, in order (freeze, inject, memory, ...). */
    public java.util.Map<String, Long> phasesUs = new java.util.LinkedHashMap<>();
}
