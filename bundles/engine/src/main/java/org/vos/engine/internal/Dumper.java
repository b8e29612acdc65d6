package org.vos.engine.internal;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import org.vos.api.domain.VosException;
import org.vos.api.strategy.MigrationStrategy;
import org.vos.api.strategy.Region;
import org.vos.api.virt.Handle;
import org.vos.api.virt.HandleVirtualizer;
import org.vos.engine.internal.image.ProcessImage;
import org.vos.engine.internal.image.ThreadImage;
import org.vos.engine.internal.image.VmaImage;
import org.vos.engine.internal.image.Inventory;
import org.vos.linux.LinuxException;
import org.vos.linux.ProcFs;
import org.vos.linux.Ptrace;
import org.vos.linux.Regs;
import org.vos.linux.Sys;
import org.vos.linux.Vma;

/** Dumps one frozen process: what needs remote calls first, then memory, registers, descriptors. */
final class Dumper {
    static final int PAGE = 4096;
    static final int SCRATCH = 2 * PAGE;
    private static final int PR_GET_TID_ADDRESS = 40;
    private static final long MAP_PRIVATE = 0x02, MAP_ANONYMOUS = 0x20;
    private static final HexFormat HEX = HexFormat.of();

    private final ProcFs proc;
    private final Virtualizers virtualizers;
    private final java.util.concurrent.ExecutorService pool;

    Dumper(ProcFs proc, Virtualizers virtualizers, java.util.concurrent.ExecutorService pool) {
        this.proc = proc;
        this.virtualizers = virtualizers;
        this.pool = pool;
    }

    /** The descriptors of a running process, each with the virtualizer that claims it; refuses unclaimed ones. */
    Map<Handle, HandleVirtualizer> preflight(long pid) {
        Map<Handle, HandleVirtualizer> out = new java.util.LinkedHashMap<>();
        for (Handle h : Handles.list(proc, pid)) {
            HandleVirtualizer v = virtualizers.find(h);
            if (v == null) {
                throw new VosException(422, "unsupported-handle", "process " + pid + " fd " + h.fd + " is a "
                        + h.kind + " (" + h.target + ") that no installed virtualizer handles");
            }
            out.put(h, v);
        }
        for (Vma v : proc.maps(pid)) {
            if (v.path().endsWith(" (deleted)") && v.fileBacked()) {
                throw new VosException(422, "unsupported-memory", "process " + pid + " maps a deleted file "
                        + v.path() + " at 0x" + Long.toHexString(v.start()));
            }
        }
        return out;
    }

    ProcessImage dump(long pid, List<Frozen.Stopped> threads, Path dir, Map<String, Inventory.Part> parts, Phases ph,
            MigrationStrategy strategy) {
        ProcessImage p = new ProcessImage();
        Frozen.Stopped main = threads.get(0);
        try (ProcMem mem = new ProcMem(pid, true)) {
            ids(p, pid);
            p.stopSignal = main.groupStop;
            ph.lap("ids");
            List<Vma> maps = proc.maps(pid);
            long gadget = Gadget.find(mem, maps, pid);
            for (Frozen.Stopped s : threads) {
                Ptrace.setSigmask(s.t.tid, ~0L);
            }
            Remote r = new Remote(main.t, mem, main.regs, gadget);
            long scratch = r.check("mmap scratch", Sys.SYS_mmap, 0, SCRATCH, 3, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
            try {
                r.scratchArea(scratch, SCRATCH);
                injected(p, r, threads, mem);
                r.resetScratch();
                p.fds.addAll(virtualizers.session(dir).dump(r, p.pid, preflight(pid), parts));
            } finally {
                r.check("munmap scratch", Sys.SYS_munmap, scratch, SCRATCH);
            }
            ph.lap("inject");
            for (int i = 0; i < threads.size(); i++) {
                thread(p.threads.get(i), threads.get(i));
            }
            p.sharedPending = hex(Ptrace.peekSiginfo(pid, true));
            ph.lap("threads");
            memory(p, pid, mem, dir, parts, strategy);
            ph.lap("memory");
        }
        return p;
    }

    /** A zombie: its ids and the status its parent will collect. */
    ProcessImage zombie(long pid) {
        ProcessImage p = new ProcessImage();
        Map<String, String> st = proc.status(pid);
        String[] stat = proc.stat(pid);
        p.zombie = true;
        p.hostPid = pid;
        p.pid = last(st.get("NSpid"));
        p.pgid = last(st.get("NSpgid"));
        p.sid = last(st.get("NSsid"));
        long hostPpid = Long.parseLong(stat[4]);
        p.ppid = last(proc.status(hostPpid).get("NSpid"));
        p.comm = stat[2];
        p.exitStatus = stat.length > 52 ? Integer.parseInt(stat[52]) : 0;
        return p;
    }

    private void ids(ProcessImage p, long pid) {
        Map<String, String> st = proc.status(pid);
        String[] stat = proc.stat(pid);
        p.hostPid = pid;
        p.pid = last(st.get("NSpid"));
        p.pgid = last(st.get("NSpgid"));
        p.sid = last(st.get("NSsid"));
        long hostPpid = Long.parseLong(stat[4]);
        p.ppid = hostPpid == 0 ? 0 : last(proc.status(hostPpid).get("NSpid"));
        p.comm = stat[2];
        p.exe = proc.exe(pid);
        p.cwd = proc.cwd(pid);
        p.umask = Integer.parseInt(st.getOrDefault("Umask", "0022"), 8);
        p.uid = st.get("Uid");
        p.gid = st.get("Gid");
        p.groups = st.getOrDefault("Groups", "");
        try {
            p.personality = Long.parseLong(java.nio.file.Files.readString(proc.pidDir(pid).resolve("personality")).trim(), 16);
        } catch (java.io.IOException e) {
            p.personality = 0;
        }
        // stat fields 26-28 and 45-51: code, stack, data, brk, arg and env bounds
        p.mm = new long[] {ul(stat[26]), ul(stat[27]), ul(stat[45]), ul(stat[46]), ul(stat[47]), 0, ul(stat[28]),
            ul(stat[48]), ul(stat[49]), ul(stat[50]), ul(stat[51])};
        p.auxv = HEX.formatHex(proc.auxvBytes(pid));
        p.rlimits.putAll(limits(pid));
    }

    /**
     * /proc/PID/limits, readable for any process (prlimit of a process with other credentials
     * needs CAP_SYS_RESOURCE, which containers often lack); rows are in resource order.
     */
    Map<Integer, long[]> limits(long pid) {
        Map<Integer, long[]> out = new java.util.TreeMap<>();
        try {
            List<String> lines = java.nio.file.Files.readAllLines(proc.pidDir(pid).resolve("limits"));
            for (int res = 0; res + 1 < lines.size(); res++) {
                String row = lines.get(res + 1);
                String[] f = row.substring(Math.min(26, row.length())).trim().split("\\s+");
                out.put(res, new long[] {limit(f[0]), limit(f[1])});
            }
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return out;
    }

    private static long limit(String v) {
        return v.equals("unlimited") ? -1 : Long.parseUnsignedLong(v);
    }

    private static long ul(String s) {
        return Long.parseUnsignedLong(s);
    }

    private static long last(String nspids) {
        String[] f = nspids.trim().split("\\s+");
        return Long.parseLong(f[f.length - 1]);
    }

    /** State only readable from inside: handlers, itimers, brk, per-thread altstack and tid address. */
    private void injected(ProcessImage p, Remote r, List<Frozen.Stopped> threads, ProcMem mem) {
        long out = r.scratchZero(64);
        // only signals with a handler or ignored have a non-default action: ask for those alone
        Map<String, String> st = proc.status(r.hostPid());
        long nonDefault = Long.parseUnsignedLong(st.getOrDefault("SigCgt", "0"), 16)
                | Long.parseUnsignedLong(st.getOrDefault("SigIgn", "0"), 16);
        for (int sig = 1; sig <= 64; sig++) {
            if (sig == Sys.SIGKILL || sig == Sys.SIGSTOP || (nonDefault & (1L << (sig - 1))) == 0) {
                continue;
            }
            long res = r.syscall(Sys.SYS_rt_sigaction, sig, 0, out, 8);
            if (res < 0) {
                continue; // signals 32/33 belong to glibc and may be refused
            }
            long[] act = longs(mem.read(out, 32));
            if (act[0] != 0) {
                p.sigactions.put(sig, act);
            }
        }
        p.itimers = new long[3][];
        for (int which = 0; which < 3; which++) {
            r.check("getitimer", Sys.SYS_getitimer, which, out);
            p.itimers[which] = longs(mem.read(out, 32));
        }
        p.mm[5] = r.syscall(Sys.SYS_brk, 0);
        for (long[] t : timers(r.hostPid())) {
            r.check("timer_gettime(" + t[0] + ")", Sys.SYS_timer_gettime, t[0], out);
            long[] its = longs(mem.read(out, 32));
            System.arraycopy(its, 0, t, 6, 4);
            p.posixTimers.add(t);
        }
        for (Frozen.Stopped s : threads) {
            Remote tr = new Remote(s.t, mem, s.regs, r.gadget);
            ThreadImage t = new ThreadImage();
            tr.check("sigaltstack", Sys.SYS_sigaltstack, 0, out);
            long[] ss = longs(mem.read(out, 24));
            t.sigaltstack = new long[] {ss[0], ss[1] & 0xffffffffL, ss[2]};
            mem.write(out, new byte[8]);
            tr.check("prctl(PR_GET_TID_ADDRESS)", Sys.SYS_prctl, PR_GET_TID_ADDRESS, out);
            t.clearChildTid = longs(mem.read(out, 8))[0];
            p.threads.add(t);
        }
    }

    /** /proc/PID/timers: {id, clock, signo, sival, notify, tid in the image's namespace, 0, 0, 0, 0} each. */
    private List<long[]> timers(long pid) {
        List<long[]> out = new ArrayList<>();
        String text;
        try {
            text = java.nio.file.Files.readString(proc.pidDir(pid).resolve("timers"));
        } catch (java.io.IOException e) {
            return out;
        }
        long[] cur = null;
        for (String line : text.split("\n")) {
            String[] kv = line.split(":\\s*", 2);
            if (kv.length < 2) {
                continue;
            }
            switch (kv[0]) {
                case "ID" -> {
                    cur = new long[10];
                    cur[0] = Long.parseLong(kv[1].trim());
                    out.add(cur);
                }
                case "signal" -> {
                    String[] f = kv[1].trim().split("/");
                    cur[2] = Long.parseLong(f[0]);
                    cur[3] = Long.parseUnsignedLong(f[1].replaceFirst("^0x", ""), 16);
                }
                case "notify" -> {
                    // "signal/pid.N", "signal/tid.N", "none/pid.N", "thread/..."
                    String[] f = kv[1].trim().split("[/.]");
                    long how = switch (f[0]) {
                        case "none" -> 1;
                        case "thread" -> 2;
                        default -> 0;
                    };
                    if (f[1].equals("tid")) {
                        how |= 4;
                        cur[5] = last(proc.status(Long.parseLong(f[2])).get("NSpid"));
                    }
                    cur[4] = how;
                }
                case "ClockID" -> cur[1] = Long.parseLong(kv[1].trim());
                default -> {
                }
            }
        }
        return out;
    }

    private void thread(ThreadImage t, Frozen.Stopped s) {
        long tid = s.t.tid;
        t.hostTid = tid;
        Map<String, String> st = proc.status(tid);
        t.tid = last(st.get("NSpid"));
        t.comm = st.get("Name");
        t.regs = s.regs.r.clone();
        t.xstate = HEX.formatHex(Ptrace.getXstate(tid));
        t.sigmask = s.sigmask;
        t.rseq = Ptrace.rseqConfiguration(tid);
        try {
            t.robustList = Sys.robustList(tid);
        } catch (LinuxException e) {
            t.robustList = new long[] {0, 0};
        }
        List<byte[]> pend = new ArrayList<>(s.taken);
        pend.addAll(Ptrace.peekSiginfo(tid, false));
        t.pending = hex(pend);
    }

    /** Every mapping, with the pages that only the process holds, into pages-PID.img. */
    private void memory(ProcessImage p, long pid, ProcMem mem, Path dir, Map<String, Inventory.Part> parts,
            MigrationStrategy strategy) {
        p.pagesFile = "pages-" + p.pid + ".img";
        long data = 0;
        try (ProcFs.Pagemap pagemap = proc.pagemap(pid, PAGE)) {
            for (Vma v : proc.smaps(pid)) {
                if (v.path().equals("[vsyscall]")) {
                    continue;
                }
                if (!v.special() && (v.vmFlags().contains("io") || v.vmFlags().contains("pf"))) {
                    throw new VosException(422, "unsupported-memory", "process " + pid + " has a device mapping "
                            + v.path() + " at 0x" + Long.toHexString(v.start()));
                }
                VmaImage im = new VmaImage();
                im.start = v.start();
                im.end = v.end();
                im.prot = v.prot();
                im.perms = v.perms();
                im.shared = v.shared();
                im.path = v.path();
                im.fileBacked = v.fileBacked();
                im.offset = v.offset();
                im.inode = v.inode();
                im.dev = v.dev();
                im.vmFlags = new ArrayList<>(v.vmFlags());
                im.pagesOffset = ImageStore.PAGES_HEADER + data;
                // vdso/vvar are recorded for their place only; shared file pages live in the file
                if (!v.special() && !(v.shared() && v.fileBacked())) {
                    runs(im, pagemap, v, v.fileBacked());
                    if (v.fileBacked() && strategy != null && strategy.policy(region(v, im.pages > 0)) == MigrationStrategy.PagePolicy.SHIP) {
                        im.pages = 0;
                        runs(im, pagemap, v, false);
                        im.shipped = true;
                    }
                }
                data += im.pages * PAGE;
                p.vmas.add(im);
            }
        }
        try (PagesWriter w = new PagesWriter(dir.resolve(p.pagesFile), p.pid, data, pool)) {
            for (VmaImage im : p.vmas) {
                for (int i = 0; i < im.runs.length; i += 2) {
                    w.fill(mem, im.runs[i], im.runs[i + 1] * PAGE);
                }
            }
            parts.put(p.pagesFile, w.finish());
        }
    }

    /** The runs of pages worth saving, from /proc/PID/pagemap. */
    private static Region region(Vma v, boolean dirty) {
        Region r = new Region();
        r.start = v.start();
        r.end = v.end();
        r.perms = v.perms();
        r.offset = v.offset();
        r.path = v.path();
        r.dirty = dirty;
        return r;
    }

    private void runs(VmaImage im, ProcFs.Pagemap pagemap, Vma v, boolean onlyAnon) {
        long[] pm = pagemap.read(v.start(), v.end());
        List<Long> runs = new ArrayList<>();
        int i = 0;
        while (i < pm.length) {
            if (!wanted(pm[i], onlyAnon)) {
                i++;
                continue;
            }
            int j = i;
            while (j < pm.length && wanted(pm[j], onlyAnon)) {
                j++;
            }
            runs.add(v.start() + (long) i * PAGE);
            runs.add((long) (j - i));
            im.pages += j - i;
            i = j;
        }
        im.runs = runs.stream().mapToLong(Long::longValue).toArray();
    }

    /** Present or swapped; for file mappings only the private (anonymous, written) copies. */
    private static boolean wanted(long e, boolean onlyAnon) {
        boolean present = (e & (1L << 63)) != 0;
        boolean swapped = (e & (1L << 62)) != 0;
        boolean fileOrShared = (e & (1L << 61)) != 0;
        if (onlyAnon) {
            return (present && !fileOrShared) || swapped;
        }
        return present || swapped;
    }

    static long[] longs(byte[] b) {
        long[] out = new long[b.length / 8];
        ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).asLongBuffer().get(out);
        return out;
    }

    static List<String> hex(List<byte[]> l) {
        List<String> out = new ArrayList<>();
        for (byte[] b : l) {
            out.add(HEX.formatHex(b));
        }
        return out;
    }

    static Regs regs(long[] r) {
        return new Regs(r);
    }
}
