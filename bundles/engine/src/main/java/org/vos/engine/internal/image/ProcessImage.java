package org.vos.engine.internal.image;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.vos.api.virt.HandleRecord;

/** One process: ids, mm, memory map, handlers, descriptors and its threads (main thread first). */
public class ProcessImage {
    /** Pid in the innermost namespace (what the program sees) and on the host at checkpoint. */
    public long pid;
    public long hostPid;
    public long ppid;
    public long pgid;
    public long sid;
    public String comm;
    public String exe;
    public String cwd;
    public int umask;
    public long personality;
    /** prctl_mm_map fields: start_code, end_code, start_data, end_data, start_brk, brk, start_stack, arg_start, arg_end, env_start, env_end. */
    public long[] mm;
    /** Raw /proc/PID/auxv, hex. */
    public String auxv;
    /** resource → {cur, max}. */
    public Map<Integer, long[]> rlimits = new TreeMap<>();
    /** signal → struct kernel_sigaction {handler, flags, restorer, mask}, only non-default ones. */
    public Map<Integer, long[]> sigactions = new TreeMap<>();
    /** ITIMER_REAL, VIRTUAL, PROF: {interval s, interval µs, value s, value µs} each. */
    public long[][] itimers;
    /**
     * POSIX timers: {id, clock, signo, sigev_value, sigev_notify, target tid (image), interval s,
     * interval ns, value s, value ns} each.
     */
    public List<long[]> posixTimers = new ArrayList<>();
    /** Shared pending signals, siginfo hex (128 bytes each). */
    public List<String> sharedPending = new ArrayList<>();
    /** Page data file of this process (relative name). */
    public String pagesFile;
    public List<VmaImage> vmas = new ArrayList<>();
    public List<HandleRecord> fds = new ArrayList<>();
    public List<ThreadImage> threads = new ArrayList<>();
    /** Uid / Gid lines of /proc/PID/status: real, effective, saved, fs. */
    public String uid;
    public String gid;
    /** Supplementary groups (Groups line of /proc/PID/status). */
    public String groups;
    /** The job-control stop signal when the process was stopped (state T) at the checkpoint, else 0. */
    public int stopSignal;
    /** An exited process its parent has not reaped yet: only ids and {@link #exitStatus} are set. */
    public boolean zombie;
    /** Wait status of a zombie (as waitpid reports it). */
    public int exitStatus;
}
