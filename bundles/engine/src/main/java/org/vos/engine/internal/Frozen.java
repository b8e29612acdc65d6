package org.vos.engine.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.vos.api.domain.VosException;
import org.vos.linux.LinuxException;
import org.vos.linux.ProcFs;
import org.vos.linux.Ptrace;
import org.vos.linux.Regs;
import org.vos.linux.Sys;

/**
 * A process tree seized and stopped thread by thread (PTRACE_SEIZE + PTRACE_INTERRUPT), with the
 * registers each thread had at the stop. Must be used from one tracer thread only.
 */
final class Frozen {
    /** One stopped thread: its registers at the stop and signals we took out of its way. */
    static final class Stopped {
        final Tracee t;
        Regs regs;
        long sigmask;
        /** The job-control stop signal when the thread was stopped (state T) before we came, else 0. */
        int groupStop;
        final List<byte[]> taken = new ArrayList<>();

        Stopped(Tracee t) {
            this.t = t;
        }
    }

    final ProcFs proc;
    private long timeoutNs = 10_000_000_000L;
    /** pid → its threads (main thread first); parents before children. */
    final Map<Long, List<Stopped>> procs = new LinkedHashMap<>();
    /** Zombie processes of the tree (exited, not yet reaped by their parent). */
    final List<Long> zombies = new ArrayList<>();

    Frozen(ProcFs proc) {
        this.proc = proc;
    }

    static Frozen freeze(ProcFs proc, long root) {
        return freeze(proc, root, 10_000);
    }

    /**
     * {@code timeoutMs}: how long one thread may take to stop. A thread in an uninterruptible wait
     * (a vfork parent, a hung file system) cannot stop; then the freeze fails and the tree goes on
     * (threads not stopped are detached when the tracer thread ends).
     */
    static Frozen freeze(ProcFs proc, long root, long timeoutMs) {
        Frozen f = new Frozen(proc);
        f.timeoutNs = timeoutMs * 1_000_000L;
        try {
            boolean grew = true;
            while (grew) {
                grew = false;
                List<Long> order = new ArrayList<>();
                collect(proc, root, order);
                for (long pid : order) {
                    if (proc.state(pid) == 'Z') {
                        // a zombie cannot be seized; it is recorded and recreated as a zombie
                        if (!f.zombies.contains(pid)) {
                            f.zombies.add(pid);
                        }
                        continue;
                    }
                    for (long tid : proc.tasks(pid)) {
                        if (f.find(pid, tid) == null) {
                            f.stop(pid, tid);
                            grew = true;
                        }
                    }
                }
            }
            return f;
        } catch (RuntimeException e) {
            f.release(false);
            throw e;
        }
    }

    private static void collect(ProcFs proc, long pid, List<Long> out) {
        out.add(pid);
        for (long c : proc.children(pid)) {
            collect(proc, c, out);
        }
    }

    private Stopped find(long pid, long tid) {
        List<Stopped> l = procs.get(pid);
        if (l != null) {
            for (Stopped s : l) {
                if (s.t.tid == tid) {
                    return s;
                }
            }
        }
        return null;
    }

    private void stop(long pid, long tid) {
        Tracee t = new Tracee(pid, tid);
        try {
            Ptrace.seize(tid, Ptrace.O_TRACESYSGOOD);
        } catch (LinuxException e) {
            throw new VosException(500, "freeze-failed", "cannot seize thread " + tid + " of process " + pid + ": " + e.getMessage(), null, e);
        }
        Stopped s = new Stopped(t);
        List<Stopped> l = procs.computeIfAbsent(pid, k -> new ArrayList<>());
        if (tid == pid) {
            l.add(0, s);
        } else {
            l.add(s);
        }
        Ptrace.interrupt(tid);
        long deadline = System.nanoTime() + timeoutNs;
        while (true) {
            int st = waitStop(t, deadline);
            if (Ptrace.event(st) == Ptrace.EVENT_STOP) {
                // a job-control stop (SIGSTOP, SIGTSTP, ...) reports its signal, our interrupt SIGTRAP
                int sig = Ptrace.stopSig(st);
                s.groupStop = sig == Sys.SIGTRAP ? 0 : sig;
                break;
            }
            int sig = Ptrace.stopSig(st);
            if (Ptrace.event(st) == 0 && sig != (Sys.SIGTRAP | 0x80)) {
                // a signal on its way to the thread: keep it as pending state, deliver it later
                s.taken.add(Ptrace.getSiginfo(tid));
            }
            Ptrace.cont(tid, 0);
        }
        s.regs = Ptrace.getRegs(tid);
        s.sigmask = Ptrace.getSigmask(tid);
    }

    /** The next stop of {@code t}, polling so that a thread that never stops ends the freeze. */
    private int waitStop(Tracee t, long deadline) {
        while (true) {
            int[] r = Sys.waitpid(t.tid, Sys.WALL | Sys.WNOHANG);
            if (r[0] == t.tid) {
                if (!Ptrace.stopped(r[1])) {
                    throw new VosException(500, "process-exited", "thread " + t.tid + " of process " + t.pid
                            + " ended while being frozen");
                }
                return r[1];
            }
            if (System.nanoTime() > deadline) {
                char state = proc.state(t.tid);
                throw new VosException(503, "freeze-timeout", "thread " + t.tid + " of process " + t.pid
                        + " did not stop (state " + state + (state == 'D' ? ": uninterruptible wait, e.g. vfork or I/O" : "")
                        + "); the program goes on unchanged");
            }
            java.util.concurrent.locks.LockSupport.parkNanos(50_000);
        }
    }

    List<Stopped> all() {
        List<Stopped> out = new ArrayList<>();
        procs.values().forEach(out::addAll);
        return out;
    }

    /**
     * Lets the tree go: resumes every thread with its registers made resumable and its own
     * signal mask, or kills it and collects the tracer-side exit notifications.
     */
    void release(boolean kill) {
        if (kill) {
            for (long pid : procs.keySet()) {
                try {
                    Sys.kill(pid, Sys.SIGKILL);
                } catch (LinuxException e) {
                    // already gone
                }
            }
            for (List<Stopped> l : procs.values()) {
                for (int i = l.size() - 1; i >= 0; i--) {
                    reap(l.get(i).t.tid);
                }
            }
            return;
        }
        for (Stopped s : all()) {
            try {
                if (s.regs != null) {
                    Ptrace.setRegs(s.t.tid, Tracee.resumable(s.regs, true));
                    Ptrace.setSigmask(s.t.tid, s.sigmask);
                }
                // signals we took out of the way go back through the queue (an itimer re-arms
                // when its SIGALRM is dequeued)
                for (byte[] info : s.taken) {
                    Sys.tgkill(s.t.pid, s.t.tid, sig(info));
                }
                // a process that was stopped by job control before we came: our restarts ended
                // that stop, so its main thread leaves with the stop signal (no instruction runs
                // before it stops again; a SIGCONT lets it go on as before)
                Ptrace.detach(s.t.tid, s.t.tid == s.t.pid ? s.groupStop : 0);
            } catch (LinuxException e) {
                // thread gone
            }
        }
    }

    static int sig(byte[] siginfo) {
        return java.nio.ByteBuffer.wrap(siginfo).order(java.nio.ByteOrder.LITTLE_ENDIAN).getInt(0);
    }

    private static void reap(long tid) {
        try {
            while (true) {
                int[] r = Sys.waitpid(tid, Sys.WALL);
                if (!Ptrace.stopped(r[1])) {
                    return;
                }
                Ptrace.cont(tid, 0);
            }
        } catch (LinuxException e) {
            // ECHILD: reported already
        }
    }
}
