package org.vos.engine.internal;

import java.util.List;

import org.vos.api.domain.VosException;
import org.vos.linux.Vma;

/** Finds a {@code syscall} instruction (0f 05) the tracee can execute: in [vdso] first, else in its code. */
final class Gadget {
    private Gadget() {
    }

    static long find(ProcMem mem, List<Vma> maps, long pid) {
        for (int pass = 0; pass < 2; pass++) {
            for (Vma v : maps) {
                boolean vdso = v.path().equals("[vdso]");
                if (!v.executable() || !v.readable() || (pass == 0) != vdso || v.path().equals("[vsyscall]")) {
                    continue;
                }
                int len = (int) Math.min(v.length(), 1 << 20);
                byte[] b = mem.read(v.start(), len);
                for (int i = 0; i + 1 < b.length; i++) {
                    if (b[i] == 0x0f && b[i + 1] == 0x05) {
                        return v.start() + i;
                    }
                }
            }
        }
        throw new VosException(500, "no-syscall-gadget", "process " + pid + " has no executable syscall instruction");
    }
}
