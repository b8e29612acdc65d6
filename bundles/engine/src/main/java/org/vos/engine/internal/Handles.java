package org.vos.engine.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.vos.api.virt.Handle;
import org.vos.linux.LinuxException;
import org.vos.linux.ProcFs;

/** Reads the descriptors of a process from /proc into {@link Handle}s, with their kind. */
final class Handles {
    private Handles() {
    }

    static List<Handle> list(ProcFs proc, long pid) {
        List<Handle> out = new ArrayList<>();
        for (int fd : proc.fds(pid)) {
            try {
                out.add(read(proc, pid, fd));
            } catch (LinuxException e) {
                // closed while we looked
            }
        }
        return out;
    }

    static Handle read(ProcFs proc, long pid, int fd) {
        Handle h = new Handle();
        h.pid = pid;
        h.fd = fd;
        h.target = proc.fdTarget(pid, fd);
        Map<String, String> info = proc.fdinfo(pid, fd);
        h.fdinfo.putAll(info);
        h.flags = Integer.parseInt(info.getOrDefault("flags", "0"), 8);
        h.pos = Long.parseLong(info.getOrDefault("pos", "0"));
        h.ino = Long.parseLong(info.getOrDefault("ino", "0"));
        h.kind = kind(proc.pidDir(pid).resolve("fd").resolve(Integer.toString(fd)), h.target);
        return h;
    }

    static String kind(Path link, String target) {
        if (target.startsWith("socket:")) {
            return "socket";
        }
        if (target.startsWith("pipe:")) {
            return "pipe";
        }
        if (target.startsWith("anon_inode:")) {
            String n = target.substring("anon_inode:".length());
            if (n.startsWith("[") && n.endsWith("]")) {
                n = n.substring(1, n.length() - 1);
            }
            return "anon:" + n;
        }
        try {
            int mode = (Integer) Files.getAttribute(link, "unix:mode");
            switch (mode & 0170000) {
                case 0100000: return "file";
                case 0040000: return "dir";
                case 0020000: return "chr";
                case 0060000: return "blk";
                case 0010000: return "fifo";
                case 0140000: return "socket";
                default: return "unknown";
            }
        } catch (IOException | UnsupportedOperationException e) {
            return "unknown";
        }
    }
}
