package org.vos.engine.internal;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import org.vos.api.domain.VosException;
import org.vos.api.virt.HandleRecord;
import org.vos.api.virt.HandleVirtualizer;
import org.vos.engine.internal.image.Inventory;
import org.vos.engine.internal.image.ProcessImage;
import org.vos.engine.internal.image.ThreadImage;
import org.vos.engine.internal.image.VmaImage;
import org.vos.linux.LinuxException;
import org.vos.linux.ProcFs;
import org.vos.linux.Ptrace;
import org.vos.linux.Regs;
import org.vos.linux.Sys;
import org.vos.linux.Vma;

/**
 * Turns a placeholder process, seized at the exit of its execve, into the process of the image:
 * everything is unmapped except the kernel's special mappings, the image's mappings are mapped and
 * filled through /proc/PID/mem, then mm fields, descriptors, handlers, timers, thread state.
 * Remote calls run from a private trampoline page that is unmapped last.
 */
final class Restorer {
    static final int PAGE = 4096;
    private static final long MAP_SHARED = 0x01, MAP_PRIVATE = 0x02, MAP_FIXED = 0x10, MAP_ANONYMOUS = 0x20,
            MAP_GROWSDOWN = 0x100, MAP_FIXED_NOREPLACE = 0x100000;
    private static final int PR_SET_MM = 35, PR_SET_MM_MAP = 14, PR_SET_NAME = 15, PR_TIMER_CREATE_RESTORE_IDS = 77;
    private static final int O_RDONLY = 0, O_RDWR = 2, O_CLOEXEC = 02000000;
    private static final long AT_FDCWD = -100;
    private static final int CHUNK = 8 << 20;
    private static final HexFormat HEX = HexFormat.of();

    private final ProcFs proc;
    private final Virtualizers virtualizers;
    private final java.util.concurrent.ExecutorService pool;

    Restorer(ProcFs proc, Virtualizers virtualizers, java.util.concurrent.ExecutorService pool) {
        this.proc = proc;
        this.virtualizers = virtualizers;
        this.pool = pool;
    }

    /** Seizes the stopped placeholder and runs it to the syscall-exit stop of its execve. */
    Tracee seizeAtExec(long pid) {
        Tracee t = new Tracee(pid, pid);
        Ptrace.seize(pid, Ptrace.O_TRACESYSGOOD | Ptrace.O_TRACEEXEC | Ptrace.O_EXITKILL
                | Ptrace.O_TRACECLONE | Ptrace.O_TRACEFORK);
        // end its group stop, or the process would fall back into it when we detach
        Sys.kill(pid, Sys.SIGCONT);
        Ptrace.interrupt(pid);
        int st = t.waitStop();
        while (Ptrace.event(st) != Ptrace.EVENT_EXEC) {
            // group stop of its own SIGSTOP, our interrupt, the SIGCONT: none is delivered
            Ptrace.cont(pid, 0);
            st = t.waitStop();
        }
        Ptrace.syscall(pid, 0);
        st = t.waitStop();
        if (Ptrace.stopSig(st) != Tracee.SYSCALL_STOP) {
            throw new VosException(500, "restore-failed", "placeholder " + pid + " did not stop after execve (0x"
                    + Integer.toHexString(st) + ")");
        }
        return t;
    }

    /** Rebuilds the process; returns all its threads, stopped, with their final registers loaded. */
    List<Tracee> restore(Tracee t, ProcessImage p, Path dir, Inventory inv, String logFrom, String logTo,
            Map<String, String> sharedObjects, Phases ph) {
        long pid = t.pid;
        Ptrace.setSigmask(pid, ~0L);
        Regs base = Ptrace.getRegs(pid);
        byte[] here = Ptrace.getXstate(pid);
        long missing = inv.xfeatures & ~xfeatures(here);
        if (missing != 0 || (inv.xstateSize != 0 && inv.xstateSize > here.length)) {
            throw new VosException(422, "incompatible-image", "the image needs CPU state features 0x"
                    + Long.toHexString(inv.xfeatures) + " (" + inv.xstateSize + " bytes), this host has 0x"
                    + Long.toHexString(xfeatures(here)) + " (" + here.length + " bytes)");
        }
        try (ProcMem mem = new ProcMem(pid, true)) {
            List<Vma> now = proc.maps(pid);
            Remote r = new Remote(t, mem, base, Gadget.find(mem, now, pid));
            long hole = hole(p, now);
            r.check("mmap trampoline", Sys.SYS_mmap, hole, PAGE, 7, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1, 0);
            mem.write(hole, new byte[] {0x0f, 0x05, (byte) 0xcc});
            r.gadget = hole;
            r.scratchArea(hole + 64, PAGE - 64);
            for (Vma v : now) {
                if (!v.special()) {
                    r.check("munmap " + v.path(), Sys.SYS_munmap, v.start(), v.length());
                }
            }
            moveSpecial(r, p, now);
            for (VmaImage v : p.vmas) {
                map(r, v, sharedObjects);
                advise(r, v);
            }
            ph.lap("map");
            pages(p, dir, mem, inv.parts.get(p.pagesFile));
            ph.lap("pages");
            mm(r, p);
            descriptors(r, p, dir, logFrom, logTo);
            process(r, p);
            thread(r, p, p.threads.get(0));
            List<Tracee> all = new java.util.ArrayList<>(List.of(t));
            List<Remote> remotes = new java.util.ArrayList<>(List.of(r));
            for (ThreadImage ti : p.threads.subList(1, p.threads.size())) {
                Tracee nt = cloneThread(r, ti.tid);
                all.add(nt);
                Remote nr = new Remote(nt, mem, Ptrace.getRegs(nt.tid), r.gadget);
                nr.scratchArea(r.scratchStart, r.scratchSize);
                thread(nr, p, ti);
                remotes.add(nr);
            }
            timers(r, p);
            // credentials last: every privileged step is done; the raw calls change one thread each
            for (Remote x : remotes) {
                credentials(x, p);
            }
            r.check("munmap trampoline", Sys.SYS_munmap, hole, PAGE);
            ph.lap("state");
            for (int i = 0; i < all.size(); i++) {
                ThreadImage ti = p.threads.get(i);
                long tid = all.get(i).tid;
                Ptrace.setRegs(tid, Tracee.resumable(new Regs(ti.regs), false));
                Ptrace.setXstate(tid, HEX.parseHex(ti.xstate));
                Ptrace.setSigmask(tid, ti.sigmask);
            }
            return all;
        }
    }

    /**
     * Makes the placeholders of the whole tree from the root placeholder: each process is forked
     * (clone3 set_tid) by its parent's placeholder, so pids and parent links are the image's.
     * Sessions and process groups are set in the new placeholder.
     */
    Map<Long, Tracee> forkTree(Tracee root, List<ProcessImage> procs) {
        Map<Long, Tracee> out = new java.util.LinkedHashMap<>();
        Map<Long, ProcessImage> byPid = new java.util.HashMap<>();
        out.put(procs.get(0).pid, root);
        byPid.put(procs.get(0).pid, procs.get(0));
        for (ProcessImage p : procs.subList(1, procs.size())) {
            Tracee parent = out.get(p.ppid);
            if (parent == null) {
                throw new VosException(422, "unsupported-image", "process " + p.pid + " has parent " + p.ppid
                        + ", which is not in the image");
            }
            Regs base = Ptrace.getRegs(parent.tid);
            try (ProcMem mem = new ProcMem(parent.pid, true)) {
                Remote r = new Remote(parent, mem, base, Gadget.find(mem, proc.maps(parent.pid), parent.pid));
                r.scratchArea((base.rsp() - 8192) & ~15L, 4096);
                long tids = r.scratch(bytes(new long[] {p.pid}));
                long args = r.scratch(bytes(new long[] {0, 0, 0, 0, Sys.SIGCHLD, 0, 0, 0, tids, 1, 0}));
                long res = r.syscall(Sys.SYS_clone3, args, 88);
                if (res == -17) {
                    throw new VosException(409, "pid-taken", "pid " + p.pid + " is taken in the new namespace");
                }
                if (res < 0) {
                    throw new LinuxException("clone3 process " + p.pid, (int) -res);
                }
                Tracee child = new Tracee(parent.lastChild, parent.lastChild);
                int st = child.waitStop();
                if (Ptrace.event(st) != Ptrace.EVENT_STOP) {
                    throw new VosException(500, "restore-failed", "new process " + p.pid + " stopped with 0x" + Integer.toHexString(st));
                }
                Remote c = new Remote(child, null, Ptrace.getRegs(child.tid), r.gadget);
                ProcessImage pp = byPid.get(p.ppid);
                if (p.sid == p.pid) {
                    c.check("setsid", Sys.SYS_setsid);
                } else if (p.pgid != pp.pgid) {
                    c.check("setpgid", Sys.SYS_setpgid, 0, p.pgid == p.pid ? 0 : p.pgid);
                }
                out.put(p.pid, child);
                byPid.put(p.pid, p);
            }
        }
        return out;
    }

    /**
     * Ends a placeholder the way the zombie of the image ended (exit code or signal) and collects
     * the tracer's notification, so that it stays a zombie for its parent to reap.
     */
    void zombify(Tracee t, int status) {
        int sig = status & 0x7f;
        if (sig == 0) {
            try (ProcMem mem = new ProcMem(t.pid, false)) {
                long gadget = Gadget.find(mem, proc.maps(t.pid), t.pid);
                Ptrace.setRegs(t.tid, Ptrace.getRegs(t.tid).forSyscall(gadget, Sys.SYS_exit_group, (status >> 8) & 0xff));
            }
            Ptrace.cont(t.tid, 0);
        } else {
            Sys.kill(t.tid, sig);
            Ptrace.cont(t.tid, 0);
        }
        while (true) {
            int[] w = Sys.waitpid(t.tid, Sys.WALL);
            if (!Ptrace.stopped(w[1])) {
                return;
            }
            int stopSig = Ptrace.event(w[1]) == 0 ? Ptrace.stopSig(w[1]) : 0;
            Ptrace.cont(t.tid, stopSig == (Sys.SIGTRAP | 0x80) ? 0 : stopSig);
        }
    }

    /** A new thread of the process with thread id {@code tid} (clone3 set_tid), stopped and seized. */
    private Tracee cloneThread(Remote r, long tid) {
        r.resetScratch();
        long tids = r.scratch(Restorer.bytes(new long[] {tid}));
        long flags = 0x100 | 0x200 | 0x400 | 0x800 | 0x10000 | 0x40000; // VM FS FILES SIGHAND THREAD SYSVSEM
        long args = r.scratch(Restorer.bytes(new long[] {flags, 0, 0, 0, 0, 0, 0, 0, tids, 1, 0}));
        r.check("clone3 thread " + tid, Sys.SYS_clone3, args, 88);
        Tracee nt = new Tracee(r.thread.pid, r.thread.lastChild);
        int st = nt.waitStop();
        if (Ptrace.event(st) != Ptrace.EVENT_STOP) {
            throw new VosException(500, "restore-failed", "new thread " + tid + " stopped with 0x" + Integer.toHexString(st));
        }
        return nt;
    }

    /**
     * vdso and vvar must sit where the image has them (the program's code and glibc point into
     * them). With ADDR_NO_RANDOMIZE they already do; otherwise they are moved with mremap, through
     * a parking area so that old and new places may overlap.
     */
    private void moveSpecial(Remote r, ProcessImage p, List<Vma> now) {
        List<Vma> cur = now.stream().filter(v -> v.special() && !v.path().equals("[vsyscall]")).toList();
        boolean same = true;
        for (Vma v : cur) {
            VmaImage want = p.vmas.stream().filter(x -> x.path.equals(v.path())).findFirst().orElse(null);
            if (want == null || want.end - want.start != v.length()) {
                throw new VosException(422, "incompatible-image", "the image has no " + v.path() + " of "
                        + v.length() + " bytes: it was written on another kernel");
            }
            same &= want.start == v.start();
        }
        if (same) {
            return;
        }
        long park = r.gadget + (1L << 30);
        long off = 0;
        long[] parked = new long[cur.size()];
        for (int i = 0; i < cur.size(); i++) {
            Vma v = cur.get(i);
            parked[i] = park + off;
            r.check("mremap " + v.path(), Sys.SYS_mremap, v.start(), v.length(), v.length(), 3, parked[i]);
            off += v.length() + PAGE;
        }
        for (int i = 0; i < cur.size(); i++) {
            Vma v = cur.get(i);
            VmaImage want = p.vmas.stream().filter(x -> x.path.equals(v.path())).findFirst().orElseThrow();
            r.check("mremap " + v.path(), Sys.SYS_mremap, parked[i], v.length(), v.length(), 3, want.start);
        }
    }

    /** A page-aligned address free in both the image's and the placeholder's layout. */
    private static long hole(ProcessImage p, List<Vma> now) {
        for (long c = 1L << 32; c < (1L << 46); c += 1L << 30) {
            final long a = c;
            boolean used = p.vmas.stream().anyMatch(v -> a < v.end && a + PAGE > v.start)
                    || now.stream().anyMatch(v -> a < v.end() && a + PAGE > v.start());
            if (!used) {
                return a;
            }
        }
        throw new VosException(500, "restore-failed", "no room for a trampoline page");
    }

    /** VmFlags of smaps → the madvise that sets them again: dc dontfork, wf wipeonfork, dd dontdump, hg/nh huge pages, mg mergeable. */
    private static final Map<String, Integer> ADVICE = Map.of("dc", 10, "wf", 18, "dd", 16, "hg", 14, "nh", 15, "mg", 12);

    private static void advise(Remote r, VmaImage v) {
        if (v.vmFlags == null || v.path.equals("[vdso]") || v.path.startsWith("[vvar")) {
            return;
        }
        for (String f : v.vmFlags) {
            Integer advice = ADVICE.get(f);
            if (advice != null) {
                r.check("madvise(" + f + ") 0x" + Long.toHexString(v.start), Sys.SYS_madvise, v.start, v.end - v.start, advice);
            }
        }
    }

    private void map(Remote r, VmaImage v, Map<String, String> sharedObjects) {
        if (v.path.equals("[vdso]") || v.path.startsWith("[vvar") || v.path.equals("[vsyscall]")) {
            return;
        }
        long len = v.end - v.start;
        if (v.fileBacked && v.shipped && !java.nio.file.Files.exists(Path.of(v.path))) {
            // every page of it is in the image: anonymous memory will do
            r.check("mmap shipped " + v.path, Sys.SYS_mmap, v.start, len, v.prot, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
        } else if (v.fileBacked) {
            r.resetScratch();
            long path = r.scratch((v.path + "\0").getBytes(StandardCharsets.UTF_8));
            int mode = v.shared && (v.prot & 2) != 0 ? O_RDWR : O_RDONLY;
            long fd = r.check("open " + v.path, Sys.SYS_openat, AT_FDCWD, path, mode | O_CLOEXEC, 0);
            try {
                r.check("mmap " + v.path, Sys.SYS_mmap, v.start, len, v.prot,
                        (v.shared ? MAP_SHARED : MAP_PRIVATE) | MAP_FIXED, fd, v.offset);
            } finally {
                r.syscall(Sys.SYS_close, fd);
            }
        } else if (v.shared && sharedObjects.containsKey(v.dev + ":" + v.inode)) {
            // shared anonymous memory another process of the tree already has: map the same object
            r.resetScratch();
            long path = r.scratch((sharedObjects.get(v.dev + ":" + v.inode) + "\0").getBytes(StandardCharsets.UTF_8));
            long fd = r.check("open shared " + v.inode, Sys.SYS_openat, AT_FDCWD, path, O_RDWR | O_CLOEXEC, 0);
            try {
                r.check("mmap shared " + v.inode, Sys.SYS_mmap, v.start, len, v.prot, MAP_SHARED | MAP_FIXED, fd, v.offset);
            } finally {
                r.syscall(Sys.SYS_close, fd);
            }
        } else {
            long flags = (v.shared ? MAP_SHARED : MAP_PRIVATE) | MAP_ANONYMOUS | MAP_FIXED;
            if (v.vmFlags.contains("gd")) {
                flags |= MAP_GROWSDOWN;
            }
            r.check("mmap anon 0x" + Long.toHexString(v.start), Sys.SYS_mmap, v.start, len, v.prot, flags, -1, 0);
            if (v.shared) {
                sharedObjects.put(v.dev + ":" + v.inode, "/proc/" + r.thread.pid + "/map_files/"
                        + Long.toHexString(v.start) + "-" + Long.toHexString(v.end));
            }
        }
    }

    /**
     * Page data from the page file into the new mappings, written straight from the file's
     * mapping to /proc/PID/mem; the file's chunk hashes are computed meanwhile and must match
     * before the process may run.
     */
    private void pages(ProcessImage p, Path dir, ProcMem mem, Inventory.Part part) {
        try (PagesReader in = new PagesReader(dir, p.pagesFile, part, pool)) {
            for (VmaImage v : p.vmas) {
                long off = v.pagesOffset;
                for (int i = 0; i < v.runs.length; i += 2) {
                    long addr = v.runs[i];
                    long len = v.runs[i + 1] * PAGE;
                    long done = 0;
                    while (done < len) {
                        ByteBuffer b = in.slice(off + done, len - done);
                        int n = b.remaining();
                        mem.writeFully(addr + done, b);
                        done += n;
                    }
                    off += len;
                }
            }
            in.verify();
        }
    }

    private void mm(Remote r, ProcessImage p) {
        r.resetScratch();
        byte[] auxv = HEX.parseHex(p.auxv);
        long auxAddr = r.scratch(auxv);
        ByteBuffer b = ByteBuffer.allocate(104).order(ByteOrder.LITTLE_ENDIAN);
        for (long f : p.mm) {
            b.putLong(f);
        }
        // a process forked from the tree's placeholder still shows the placeholder's executable:
        // point /proc/PID/exe at its own (the kernel refuses while the old one is mapped, which
        // is only the case when they are the same file)
        long exeFd = -1;
        if (p.exe != null && !p.exe.endsWith(" (deleted)") && !p.exe.equals(proc.exe(r.hostPid()))) {
            long path = r.scratch((p.exe + "\0").getBytes(StandardCharsets.UTF_8));
            exeFd = r.check("open " + p.exe, Sys.SYS_openat, AT_FDCWD, path, O_RDONLY | O_CLOEXEC, 0);
        }
        b.putLong(auxAddr).putInt(auxv.length).putInt((int) exeFd);
        long map = r.scratch(b.array());
        try {
            r.check("prctl(PR_SET_MM_MAP)", Sys.SYS_prctl, PR_SET_MM, PR_SET_MM_MAP, map, 104, 0);
        } finally {
            if (exeFd >= 0) {
                r.syscall(Sys.SYS_close, exeFd);
            }
        }
    }

    private void descriptors(Remote r, ProcessImage p, Path dir, String logFrom, String logTo) {
        r.check("close_range", Sys.SYS_close_range, 0, 0xffffffffL, 0);
        for (HandleRecord h : p.fds) {
            if (logTo != null && logFrom != null && logFrom.equals(h.props.get("path"))) {
                h.props.put("path", logTo);
            }
        }
        virtualizers.session(dir).restore(r, p.pid, p.fds);
    }

    private void process(Remote r, ProcessImage p) {
        long pid = r.thread.pid;
        r.resetScratch();
        long path = r.scratch((p.cwd + "\0").getBytes(StandardCharsets.UTF_8));
        long c = r.syscall(Sys.SYS_chdir, path);
        if (c < 0) {
            throw new VosException(500, "restore-failed", "cannot chdir to " + p.cwd + ": " + new LinuxException("chdir", (int) -c).getMessage());
        }
        r.syscall(Sys.SYS_umask, p.umask);
        r.syscall(Sys.SYS_personality, p.personality);
        r.resetScratch();
        byte[] comm = new byte[16];
        byte[] cb = p.comm.getBytes(StandardCharsets.UTF_8);
        System.arraycopy(cb, 0, comm, 0, Math.min(15, cb.length));
        r.syscall(Sys.SYS_prctl, PR_SET_NAME, r.scratch(comm));
        for (Map.Entry<Integer, long[]> a : p.sigactions.entrySet()) {
            r.resetScratch();
            long act = r.scratch(bytes(a.getValue()));
            r.check("rt_sigaction(" + a.getKey() + ")", Sys.SYS_rt_sigaction, a.getKey(), act, 0, 8);
        }
        for (int which = 0; which < 3; which++) {
            long[] it = p.itimers[which].clone();
            if (it[2] == 0 && it[3] == 0 && (it[0] != 0 || it[1] != 0)) {
                // an interval timer whose signal is still pending reads 0 until that signal is
                // dequeued; arm it to fire at once so the period goes on
                it[3] = 1;
            }
            if (it[2] != 0 || it[3] != 0) {
                r.resetScratch();
                r.check("setitimer", Sys.SYS_setitimer, which, r.scratch(bytes(it)), 0);
            }
        }
        for (Map.Entry<Integer, long[]> l : p.rlimits.entrySet()) {
            // set from inside (prlimit64 on itself): raising a hard limit needs CAP_SYS_RESOURCE,
            // so a limit already equal is fine even where the call is refused
            r.resetScratch();
            long nw = r.scratch(bytes(l.getValue()));
            long old = r.scratchZero(16);
            long res = r.syscall(Sys.SYS_prlimit64, 0, l.getKey(), nw, old);
            if (res < 0) {
                long[] was = Dumper.longs(r.read(old, 16));
                if (was[0] != l.getValue()[0] || was[1] != l.getValue()[1]) {
                    throw new VosException(500, "restore-failed", "rlimit " + l.getKey() + " of process " + pid
                            + ": " + new LinuxException("prlimit64", (int) -res).getMessage());
                }
            }
        }
        for (String si : p.sharedPending) {
            byte[] info = HEX.parseHex(si);
            r.resetScratch();
            r.check("rt_sigqueueinfo", 129, p.pid, Frozen.sig(info), r.scratch(info));
        }
    }

    /** uid/gid sets and supplementary groups as /proc/PID/status had them ("real eff saved fs"). */
    private static void credentials(Remote r, ProcessImage p) {
        if (p.uid == null || p.gid == null) {
            return;
        }
        long[] uid = ids(p.uid);
        long[] gid = ids(p.gid);
        r.resetScratch();
        if (p.groups != null) {
            long[] g = ids(p.groups);
            ByteBuffer b = ByteBuffer.allocate(Math.max(4, g.length * 4)).order(ByteOrder.LITTLE_ENDIAN);
            for (long x : g) {
                b.putInt((int) x);
            }
            r.check("setgroups", SYS_setgroups, g.length, r.scratch(b.array()));
        }
        r.check("setresgid", SYS_setresgid, gid[0], gid[1], gid[2]);
        r.check("setfsgid", SYS_setfsgid, gid[3]);
        r.check("setresuid", SYS_setresuid, uid[0], uid[1], uid[2]);
        r.check("setfsuid", SYS_setfsuid, uid[3]);
    }

    private static long[] ids(String s) {
        String t = s.trim();
        if (t.isEmpty()) {
            return new long[0];
        }
        String[] f = t.split("\\s+");
        long[] out = new long[f.length];
        for (int i = 0; i < f.length; i++) {
            out[i] = Long.parseLong(f[i]);
        }
        return out;
    }

    private static final int SYS_setresuid = 117, SYS_setresgid = 119, SYS_setfsuid = 122, SYS_setfsgid = 123,
            SYS_setgroups = 116;

    /** POSIX timers with their ids (PR_TIMER_CREATE_RESTORE_IDS), targets and remaining times. */
    private void timers(Remote r, ProcessImage p) {
        if (p.posixTimers == null || p.posixTimers.isEmpty()) {
            return;
        }
        r.check("prctl(PR_TIMER_CREATE_RESTORE_IDS)", Sys.SYS_prctl, PR_TIMER_CREATE_RESTORE_IDS, 1, 0, 0, 0);
        try {
            for (long[] t : p.posixTimers) {
                r.resetScratch();
                ByteBuffer ev = ByteBuffer.allocate(64).order(ByteOrder.LITTLE_ENDIAN);
                ev.putLong(t[3]).putInt((int) t[2]).putInt((int) t[4]).putInt((int) t[5]);
                long evAddr = r.scratch(ev.array());
                long idAddr = r.scratch(bytes(new long[] {t[0]}));
                r.check("timer_create(" + t[0] + ")", Sys.SYS_timer_create, t[1], evAddr, idAddr);
                long[] its = {t[6], t[7], t[8], t[9]};
                if (its[2] == 0 && its[3] == 0 && (its[0] != 0 || its[1] != 0)) {
                    its[3] = 1; // expired with its signal pending: the period goes on at once
                }
                if (its[2] != 0 || its[3] != 0) {
                    r.check("timer_settime(" + t[0] + ")", Sys.SYS_timer_settime, t[0], 0, r.scratch(bytes(its)), 0);
                }
            }
        } finally {
            r.syscall(Sys.SYS_prctl, PR_TIMER_CREATE_RESTORE_IDS, 0, 0, 0, 0);
        }
    }

    /** Per-thread kernel state; runs in the thread itself. */
    private void thread(Remote r, ProcessImage p, ThreadImage t) {
        r.resetScratch();
        long[] ss = t.sigaltstack;
        if (ss != null && ss[0] != 0) {
            ByteBuffer b = ByteBuffer.allocate(24).order(ByteOrder.LITTLE_ENDIAN);
            b.putLong(ss[0]).putInt((int) ss[1]).putInt(0).putLong(ss[2]);
            r.check("sigaltstack", Sys.SYS_sigaltstack, r.scratch(b.array()), 0);
        }
        if (t.rseq != null && t.rseq[0] != 0) {
            r.check("rseq", Sys.SYS_rseq, t.rseq[0], t.rseq[1], 0, t.rseq[2]);
        }
        if (t.robustList != null && t.robustList[0] != 0) {
            r.check("set_robust_list", Sys.SYS_set_robust_list, t.robustList[0], t.robustList[1]);
        }
        r.syscall(Sys.SYS_set_tid_address, t.clearChildTid);
        for (String si : t.pending) {
            byte[] info = HEX.parseHex(si);
            r.resetScratch();
            r.check("rt_tgsigqueueinfo", Sys.SYS_rt_tgsigqueueinfo, p.pid, t.tid, Frozen.sig(info), r.scratch(info));
        }
    }

    /**
     * XCR0 as ptrace's NT_X86_XSTATE reports it: the first 8 of the software-reserved bytes of the
     * legacy area (offset 464, where gdb reads it too; 472 holds the signal frame's copy, 0 here).
     */
    static long xfeatures(byte[] xsave) {
        if (xsave.length < 472) {
            return 0;
        }
        return ByteBuffer.wrap(xsave, 464, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
    }

    static byte[] bytes(long[] v) {
        ByteBuffer b = ByteBuffer.allocate(v.length * 8).order(ByteOrder.LITTLE_ENDIAN);
        for (long x : v) {
            b.putLong(x);
        }
        return b.array();
    }
}
