package org.vos.virt.files.internal;

import java.nio.charset.StandardCharsets;

import org.osgi.service.component.annotations.Component;
import org.vos.api.virt.Handle;
import org.vos.api.virt.HandleRecord;
import org.vos.api.virt.HandleVirtualizer;
import org.vos.api.virt.ProcessAccess;

/** memfd: name, content (in the image) and seals (F_GET_SEALS / F_ADD_SEALS), offset and flags. */
@Component(service = HandleVirtualizer.class, property = {HandleVirtualizer.NAME + "=" + MemfdVirtualizer.NAME,
    HandleVirtualizer.KINDS + "=file"})
public final class MemfdVirtualizer implements HandleVirtualizer {
    public static final String NAME = "files.memfd";
    private static final int MFD_CLOEXEC = 1, MFD_ALLOW_SEALING = 2;

    @Override
    public boolean claims(Handle h) {
        return "file".equals(h.kind) && h.target.startsWith("/memfd:");
    }

    @Override
    public String plan(Handle h) {
        return "copy the content and seals of " + h.target + " into the image";
    }

    @Override
    public HandleRecord dump(ProcessAccess p, Handle h) {
        HandleRecord r = Fds.record(h, NAME);
        String name = h.target.substring("/memfd:".length());
        if (name.endsWith(DeletedFileVirtualizer.DELETED)) {
            name = name.substring(0, name.length() - DeletedFileVirtualizer.DELETED.length());
        }
        r.props.put("name", name);
        r.props.put("seals", Long.toString(Fds.check(p, h.fd, "fcntl(F_GET_SEALS)", Fds.SYS_fcntl, h.fd, Fds.F_GET_SEALS)));
        if (Fds.inodeSeen(p, h, r)) {
            return r; // another open file of this memfd carries the content
        }
        r.props.put("sha256", Fds.copyOut(p, h.fd, p.imageFile("content")));
        return r;
    }

    @Override
    public void restore(ProcessAccess p, HandleRecord r) {
        String what = "/memfd:" + r.props.getOrDefault("name", "vos");
        long same = Fds.openSameInode(p, r, what);
        if (same >= 0) {
            Fds.place(p, same, r, false);
            return;
        }
        byte[] name = (r.props.getOrDefault("name", "vos") + "\0").getBytes(StandardCharsets.UTF_8);
        long tmp = Fds.check(p, r.fd, "memfd_create", Fds.SYS_memfd_create, p.scratch(name), MFD_CLOEXEC | MFD_ALLOW_SEALING);
        Fds.copyIn(p, tmp, p.imageFile("content"), r.fd);
        long seals = Long.parseLong(r.props.getOrDefault("seals", "0"));
        if (seals != 0) {
            Fds.check(p, r.fd, "fcntl(F_ADD_SEALS " + seals + ")", Fds.SYS_fcntl, tmp, Fds.F_ADD_SEALS, seals);
        }
        Fds.place(p, tmp, r);
        Fds.restoredInode(p, r, what);
    }
}
