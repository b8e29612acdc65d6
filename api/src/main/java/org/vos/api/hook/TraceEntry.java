package org.vos.api.hook;

/** One traced system call (bundle org.vos.hooks.trace), as `vos trace` and the REST show it. */
public class TraceEntry {
    /** Sequence number within the program's trace, from 1; never reused. */
    public long seq;
    /** Epoch milliseconds of the notification. */
    public long time;
    /** Host tid of the calling thread. */
    public long tid;
    /** System call name. */
    public String call;
    /** Decoded arguments, e.g. {@code 1, "tick 3\n", 7}. */
    public String args;
    /** What the program got: {@code proceed} (the kernel ran it), {@code = N}, {@code errno N}. */
    public String result;
}
