package org.vos.engine.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.vos.api.domain.VosException;
import org.vos.api.virt.Handle;
import org.vos.api.virt.HandleRecord;

/**
 * File locks held through a descriptor (fdinfo {@code lock:} lines), for every file virtualizer:
 * flock and OFD locks belong to the open file (kept once, with its first descriptor), POSIX record
 * locks to the process (kept with each descriptor of it). Stored in the record's property
 * {@code vos.locks} as {@code TYPE RW START END;...}; taken again, non-blocking, right after the
 * descriptor is restored: a lock someone else holds now refuses the restore, naming it.
 */
final class Locks {
    static final String PROP = "vos.locks";
    private static final int LOCK_SH = 1, LOCK_EX = 2, LOCK_NB = 4, F_SETLK = 6, F_OFD_SETLK = 37, F_RDLCK = 0, F_WRLCK = 1;
    private static final int SYS_flock = 73;

    private Locks() {
    }

    static void dump(Handle h, HandleRecord rec, boolean sameOpenFile) {
        List<String> out = new ArrayList<>();
        try {
            for (String l : Files.readAllLines(Path.of("/proc/" + h.pid + "/fdinfo/" + h.fd))) {
                if (!l.startsWith("lock:") || l.contains("->")) {
                    continue;
                }
                // lock:	1: POSIX  ADVISORY  WRITE 20687 fe:00:2146365 10 99
                String[] f = l.substring(5).trim().split("\\s+");
                if (f.length < 8 || (sameOpenFile && !f[1].equals("POSIX"))) {
                    continue;
                }
                out.add(f[1] + " " + f[3] + " " + f[6] + " " + f[7]);
            }
        } catch (IOException e) {
            return; // closed meanwhile: no locks to keep
        }
        if (!out.isEmpty()) {
            rec.props.put(PROP, String.join(";", out));
        }
    }

    static void restore(Remote r, long nsPid, HandleRecord h) {
        String all = h.props.get(PROP);
        if (all == null || all.isEmpty()) {
            return;
        }
        for (String lock : all.split(";")) {
            String[] f = lock.split(" ");
            boolean write = f[1].equals("WRITE");
            long res;
            r.resetScratch();
            if (f[0].equals("FLOCK")) {
                res = r.syscall(SYS_flock, h.fd, (write ? LOCK_EX : LOCK_SH) | LOCK_NB);
            } else {
                long start = Long.parseLong(f[2]);
                long len = f[3].equals("EOF") ? 0 : Long.parseLong(f[3]) - start + 1;
                ByteBuffer b = ByteBuffer.allocate(32).order(ByteOrder.LITTLE_ENDIAN);
                b.putShort((short) (write ? F_WRLCK : F_RDLCK)).putShort((short) 0).putInt(0).putLong(start).putLong(len).putInt(0);
                res = r.syscall(org.vos.linux.Sys.SYS_fcntl, h.fd, f[0].equals("OFDLCK") ? F_OFD_SETLK : F_SETLK, r.scratch(b.array()));
            }
            if (res < 0) {
                throw new VosException(409, "lock-taken", "process " + nsPid + " fd " + h.fd + " (" + h.kind + " "
                        + h.props.getOrDefault("path", "") + "): cannot take its " + lock + " lock again (errno " + -res
                        + "): another process holds a conflicting lock on this host");
            }
        }
    }
}
