package com.example.virt.urandom;

import java.nio.charset.StandardCharsets;

import org.osgi.service.component.annotations.Component;
import org.vos.api.domain.VosException;
import org.vos.api.virt.Handle;
import org.vos.api.virt.HandleRecord;
import org.vos.api.virt.HandleVirtualizer;
import org.vos.api.virt.ProcessAccess;

/**
 * The example of docs/virtualizers.md (kept here so the build compiles it and UrandomExampleTest
 * runs it): /dev/urandom and /dev/random reopened read-only at the same descriptor number.
 */
@Component(service = HandleVirtualizer.class, property = {
    HandleVirtualizer.NAME + "=example.urandom",
    HandleVirtualizer.KINDS + "=chr"})
public final class UrandomVirtualizer implements HandleVirtualizer {
    private static final int SYS_close = 3, SYS_openat = 257, SYS_dup3 = 292;
    private static final int O_CLOEXEC = 02000000, O_NONBLOCK = 04000;
    private static final long AT_FDCWD = -100;

    @Override
    public boolean claims(Handle h) {
        // called on the running process before the freeze: look, never touch
        return "chr".equals(h.kind) && (h.target.equals("/dev/urandom") || h.target.equals("/dev/random"));
    }

    @Override
    public HandleRecord dump(ProcessAccess p, Handle h) {
        // the process is frozen; what goes into props is all the image keeps of this handle
        HandleRecord r = new HandleRecord();
        r.pid = h.pid;
        r.fd = h.fd;
        r.kind = h.kind;
        r.flags = h.flags;
        r.props.put("path", h.target);
        return r;
    }

    @Override
    public void restore(ProcessAccess p, HandleRecord r) {
        // runs inside the stopped, restored process: arguments go through its scratch memory
        long path = p.scratch((r.props.get("path") + "\0").getBytes(StandardCharsets.UTF_8));
        long tmp = p.syscall(SYS_openat, AT_FDCWD, path, (r.flags & O_NONBLOCK) | O_CLOEXEC, 0);
        if (tmp < 0) {
            throw new VosException(500, "restore-handle", "fd " + r.fd + ": cannot open " + r.props.get("path")
                    + ": errno " + -tmp);
        }
        long res = p.syscall(SYS_dup3, tmp, r.fd, (r.flags & O_CLOEXEC) != 0 ? O_CLOEXEC : 0);
        p.syscall(SYS_close, tmp);
        if (res < 0) {
            throw new VosException(500, "restore-handle", "fd " + r.fd + ": dup3 failed: errno " + -res);
        }
    }
}
