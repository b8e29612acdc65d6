package org.vos.api.strategy;

/** A memory region (VMA) of a process, as a strategy sees it when deciding what to ship. */
public class Region {
    public long start;
    public long end;
    /** Protection as in /proc/PID/maps, e.g. {@code r-xp}. */
    public String perms;
    public long offset;
    /** Backing file, {@code [heap]}, {@code [stack]}, or empty for anonymous memory. */
    public String path;
    /** Whether the region has pages that differ from its backing file (or is anonymous). */
    public boolean dirty;
}
