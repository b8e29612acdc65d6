package org.vos.engine.internal.image;

import java.util.ArrayList;
import java.util.List;

/** One thread: registers, FPU/AVX state, signal state, rseq, robust list, tid address. */
public class ThreadImage {
    public long tid;
    public long hostTid;
    /** user_regs_struct, 27 values. */
    public long[] regs;
    /** XSAVE area (PTRACE_GETREGSET NT_X86_XSTATE), hex. */
    public String xstate;
    public long sigmask;
    /** {ss_sp, ss_flags, ss_size}. */
    public long[] sigaltstack;
    /** {abi pointer, size, signature, flags}; pointer 0 when none. */
    public long[] rseq;
    /** {head, len}. */
    public long[] robustList;
    public long clearChildTid;
    /** Thread-private pending signals, siginfo hex (128 bytes each). */
    public List<String> pending = new ArrayList<>();
    public String comm;
}
