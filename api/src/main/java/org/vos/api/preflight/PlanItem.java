package org.vos.api.preflight;

/** One thing a checkpoint would touch, or one mismatch with the target. */
public class PlanItem {
    /** {@code process}, {@code thread}, {@code memory}, {@code fd}, {@code cpu}, {@code kernel}, {@code page}. */
    public String kind;
    public long pid;
    public long tid;
    /** Descriptor number for {@code fd} items, -1 otherwise. */
    public int fd = -1;
    /** What it is: a descriptor's kind and target, a region's range and path, a process's command. */
    public String what;
    /** The virtualizer (its vos.virtualizer.name) or part of vos that handles it, null when none can. */
    public String by;
    /** Bundle of {@link #by}, or the bundle that would handle it when none is installed. */
    public String bundle;
    /** What the checkpoint would do: dump, ship, reopen, map from target, ... */
    public String action;
    /** Bytes it adds to the image. */
    public long bytes;
    public boolean blocker;
    /** Why it blocks. */
    public String reason;
    /** What would make it go (a bundle to start, another strategy), null when nothing known. */
    public String remedy;

    /** One readable line. */
    public String line() {
        StringBuilder s = new StringBuilder();
        s.append(kind).append(' ');
        if (fd >= 0) {
            s.append("pid ").append(pid).append(" fd ").append(fd).append(' ');
        }
        s.append(what == null ? "" : what);
        if (blocker) {
            s.append(": ").append(reason);
            if (remedy != null) {
                s.append(" (").append(remedy).append(')');
            }
        } else if (action != null) {
            s.append(": ").append(action);
        }
        return s.toString();
    }
}
