package org.vos.virt.files.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.osgi.service.component.annotations.Component;
import org.vos.api.virt.Handle;
import org.vos.api.virt.HandleRecord;
import org.vos.api.virt.HandleVirtualizer;
import org.vos.api.virt.ProcessAccess;

/**
 * Regular files that were deleted while open: the content travels in the image. Restored as an
 * unnamed file (O_TMPFILE) in the original directory, or in /tmp when that directory does not
 * exist on this host, reopened with the original access mode, at the original offset.
 */
@Component(service = HandleVirtualizer.class, property = {HandleVirtualizer.NAME + "=" + DeletedFileVirtualizer.NAME,
    HandleVirtualizer.KINDS + "=file"})
public final class DeletedFileVirtualizer implements HandleVirtualizer {
    public static final String NAME = "files.deleted";
    static final String DELETED = " (deleted)";

    @Override
    public boolean claims(Handle h) {
        return "file".equals(h.kind) && h.target.endsWith(DELETED) && !h.target.startsWith("/memfd:") && Fds.plainFileSystem(h);
    }

    @Override
    public String plan(Handle h) {
        return "copy the content of deleted " + h.target + " into the image";
    }

    @Override
    public HandleRecord dump(ProcessAccess p, Handle h) {
        HandleRecord r = Fds.record(h, NAME);
        String path = h.target.substring(0, h.target.length() - DELETED.length());
        r.props.put("deletedPath", path);
        if (Fds.inodeSeen(p, h, r)) {
            return r; // another open file of this inode carries the content
        }
        r.props.put("sha256", Fds.copyOut(p, h.fd, p.imageFile("content")));
        try {
            r.props.put("mode", Integer.toOctalString((Integer) Files.getAttribute(Path.of("/proc/" + h.pid + "/fd/" + h.fd), "unix:mode") & 07777));
        } catch (IOException | UnsupportedOperationException e) {
            r.props.put("mode", "600");
        }
        return r;
    }

    @Override
    public void restore(ProcessAccess p, HandleRecord r) {
        String what = r.props.get("deletedPath") + DELETED;
        long same = Fds.openSameInode(p, r, what);
        if (same >= 0) {
            Fds.place(p, same, r, false);
            return;
        }
        Path dir = Path.of(r.props.get("deletedPath")).getParent();
        if (dir == null || !Files.isDirectory(dir)) {
            dir = Path.of("/tmp");
        }
        int mode = Integer.parseInt(r.props.getOrDefault("mode", "600"), 8);
        long tmp = p.syscall(Fds.SYS_openat, Fds.AT_FDCWD, p.scratch(Fds.cstr(dir.toString())), Fds.O_TMPFILE | Fds.O_RDWR | Fds.O_CLOEXEC, mode);
        if (tmp < 0) {
            // no O_TMPFILE on this file system: a fresh name, unlinked at once
            Path name = dir.resolve(".vos-deleted-" + System.nanoTime());
            tmp = Fds.check(p, r.fd, "create " + name, Fds.SYS_openat, Fds.AT_FDCWD, p.scratch(Fds.cstr(name.toString())),
                    Fds.O_CREAT | Fds.O_EXCL | Fds.O_RDWR | Fds.O_CLOEXEC, mode);
            try {
                Files.delete(name);
            } catch (IOException e) {
                p.syscall(Fds.SYS_close, tmp);
                throw new java.io.UncheckedIOException(e);
            }
        }
        Fds.copyIn(p, tmp, p.imageFile("content"), r.fd);
        Fds.place(p, Fds.reopen(p, tmp, r), r);
        Fds.restoredInode(p, r, what);
    }
}
