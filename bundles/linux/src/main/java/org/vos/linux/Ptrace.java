package org.vos.linux;

import java.util.ArrayList;
import java.util.List;

import org.vos.linux.internal.Mem;

import com.sun.jna.Memory;

/**
 * ptrace(2) requests. Every request for a tracee must come from the thread that seized it: callers
 * give each traced tree one tracer thread.
 */
public final class Ptrace {
    public static final int TRACEME = 0, CONT = 7, KILL = 8, SINGLESTEP = 9, GETREGS = 12, SETREGS = 13,
            GETFPREGS = 14, SETFPREGS = 15, DETACH = 17, SYSCALL = 24, SETOPTIONS = 0x4200,
            GETEVENTMSG = 0x4201, GETSIGINFO = 0x4202, SETSIGINFO = 0x4203, GETREGSET = 0x4204,
            SETREGSET = 0x4205, SEIZE = 0x4206, INTERRUPT = 0x4207, LISTEN = 0x4208, PEEKSIGINFO = 0x4209,
            GETSIGMASK = 0x420a, SETSIGMASK = 0x420b, GET_RSEQ_CONFIGURATION = 0x420f;
    public static final int O_TRACESYSGOOD = 1, O_TRACEFORK = 2, O_TRACEVFORK = 4, O_TRACECLONE = 8,
            O_TRACEEXEC = 0x10, O_TRACEEXIT = 0x40, O_EXITKILL = 0x100000;
    public static final int EVENT_FORK = 1, EVENT_VFORK = 2, EVENT_CLONE = 3, EVENT_EXEC = 4,
            EVENT_EXIT = 6, EVENT_STOP = 128;
    public static final int NT_PRSTATUS = 1, NT_PRFPREG = 2, NT_X86_XSTATE = 0x202;
    /** Large enough for any XSAVE area of current CPUs (AVX-512 + AMX tiles are ~11 KiB). */
    private static final int XSTATE_MAX = 16384;

    private Ptrace() {
    }

    private static long req(String what, int request, long tid, long addr, long data) {
        return Sys.call("ptrace(" + what + ", " + tid + ")", 101, request, tid, addr, data);
    }

    public static void seize(long tid, int options) {
        req("SEIZE", SEIZE, tid, 0, options);
    }

    public static void interrupt(long tid) {
        req("INTERRUPT", INTERRUPT, tid, 0, 0);
    }

    public static void cont(long tid, int sig) {
        req("CONT", CONT, tid, 0, sig);
    }

    public static void syscall(long tid, int sig) {
        req("SYSCALL", SYSCALL, tid, 0, sig);
    }

    public static void detach(long tid, int sig) {
        req("DETACH", DETACH, tid, 0, sig);
    }

    public static void setOptions(long tid, int options) {
        req("SETOPTIONS", SETOPTIONS, tid, 0, options);
    }

    public static long eventMsg(long tid) {
        Memory m = Mem.zeroed(8);
        req("GETEVENTMSG", GETEVENTMSG, tid, 0, Mem.addr(m));
        return m.getLong(0);
    }

    public static Regs getRegs(long tid) {
        Memory m = Mem.zeroed(Regs.COUNT * 8);
        req("GETREGS", GETREGS, tid, 0, Mem.addr(m));
        return new Regs(m.getLongArray(0, Regs.COUNT));
    }

    public static void setRegs(long tid, Regs regs) {
        Memory m = Mem.zeroed(Regs.COUNT * 8);
        m.write(0, regs.r, 0, Regs.COUNT);
        req("SETREGS", SETREGS, tid, 0, Mem.addr(m));
    }

    /** The full XSAVE area (x87, SSE, AVX, AVX-512 ... as the CPU has them). */
    public static byte[] getXstate(long tid) {
        return getRegset(tid, NT_X86_XSTATE, XSTATE_MAX);
    }

    public static void setXstate(long tid, byte[] xstate) {
        setRegset(tid, NT_X86_XSTATE, xstate);
    }

    public static byte[] getRegset(long tid, int type, int max) {
        Memory buf = Mem.zeroed(max);
        Memory iov = Mem.zeroed(16);
        iov.setLong(0, Mem.addr(buf));
        iov.setLong(8, max);
        req("GETREGSET " + type, GETREGSET, tid, type, Mem.addr(iov));
        return buf.getByteArray(0, (int) iov.getLong(8));
    }

    public static void setRegset(long tid, int type, byte[] data) {
        Memory buf = Mem.of(data);
        Memory iov = Mem.zeroed(16);
        iov.setLong(0, Mem.addr(buf));
        iov.setLong(8, data.length);
        req("SETREGSET " + type, SETREGSET, tid, type, Mem.addr(iov));
    }

    /** struct user_fpregs_struct (512 bytes, FXSAVE layout). */
    public static byte[] getFpregs(long tid) {
        Memory m = Mem.zeroed(512);
        req("GETFPREGS", GETFPREGS, tid, 0, Mem.addr(m));
        return m.getByteArray(0, 512);
    }

    public static long getSigmask(long tid) {
        Memory m = Mem.zeroed(8);
        req("GETSIGMASK", GETSIGMASK, tid, 8, Mem.addr(m));
        return m.getLong(0);
    }

    public static void setSigmask(long tid, long mask) {
        Memory m = Mem.zeroed(8);
        m.setLong(0, mask);
        req("SETSIGMASK", SETSIGMASK, tid, 8, Mem.addr(m));
    }

    /** siginfo of the current signal-delivery stop (128 bytes). */
    public static byte[] getSiginfo(long tid) {
        Memory m = Mem.zeroed(128);
        req("GETSIGINFO", GETSIGINFO, tid, 0, Mem.addr(m));
        return m.getByteArray(0, 128);
    }

    /** Pending signals as siginfo blobs (128 bytes each), of the thread or the shared queue. */
    public static List<byte[]> peekSiginfo(long tid, boolean shared) {
        List<byte[]> out = new ArrayList<>();
        int batch = 32;
        Memory buf = Mem.zeroed(128 * batch);
        Memory args = Mem.zeroed(16);
        while (true) {
            args.setLong(0, out.size());
            args.setInt(8, shared ? 1 : 0);
            args.setInt(12, batch);
            int n = (int) req("PEEKSIGINFO", PEEKSIGINFO, tid, Mem.addr(args), Mem.addr(buf));
            for (int i = 0; i < n; i++) {
                out.add(buf.getByteArray(128L * i, 128));
            }
            if (n < batch) {
                return out;
            }
        }
    }

    /** rseq registration of a thread: {abi pointer, abi size, signature, flags}; pointer 0 if none. */
    public static long[] rseqConfiguration(long tid) {
        Memory m = Mem.zeroed(24);
        req("GET_RSEQ_CONFIGURATION", GET_RSEQ_CONFIGURATION, tid, 24, Mem.addr(m));
        return new long[] {m.getLong(0), m.getInt(8) & 0xffffffffL, m.getInt(12) & 0xffffffffL,
                m.getInt(16) & 0xffffffffL};
    }

    // wait status decoding (waitpid)
    public static boolean stopped(int status) {
        return (status & 0xff) == 0x7f;
    }

    public static int stopSig(int status) {
        return (status >> 8) & 0xff;
    }

    public static int event(int status) {
        return (status >> 16) & 0xffff;
    }

    public static boolean exited(int status) {
        return (status & 0x7f) == 0 || (!stopped(status) && (status & 0x7f) != 0);
    }
}
