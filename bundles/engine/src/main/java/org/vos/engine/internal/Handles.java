package org.vos.engine.internal;

import java.util.ArrayList;
import java.util.List;

import org.vos.api.virt.Handle;
import org.vos.linux.LinuxException;
import org.vos.linux.ProcFs;

/** The descriptors of a process, read from /proc into {@link Handle}s (ProcFs#handle). */
final class Handles {
    private Handles() {
    }

    static List<Handle> list(ProcFs proc, long pid) {
        List<Handle> out = new ArrayList<>();
        for (int fd : proc.fds(pid)) {
            try {
                out.add(proc.handle(pid, fd));
            } catch (LinuxException e) {
                // closed while we looked
            }
        }
        return out;
    }
}
