package org.vos.virt.kernel.internal;

import org.osgi.service.component.annotations.Component;
import org.vos.api.virt.Handle;
import org.vos.api.virt.HandleRecord;
import org.vos.api.virt.HandleVirtualizer;
import org.vos.api.virt.ProcessAccess;

/** signalfd: the signal mask (fdinfo sigmask, hex) and flags; pending signals travel with the process. */
@Component(service = HandleVirtualizer.class, property = {HandleVirtualizer.NAME + "=" + SignalfdVirtualizer.NAME,
    HandleVirtualizer.KINDS + "=anon:signalfd"})
public final class SignalfdVirtualizer implements HandleVirtualizer {
    public static final String NAME = "kernel.signalfd";

    @Override
    public boolean claims(Handle h) {
        return "anon:signalfd".equals(h.kind);
    }

    @Override
    public HandleRecord dump(ProcessAccess p, Handle h) {
        HandleRecord r = Calls.record(h, NAME);
        r.props.put("sigmask", h.fdinfo.getOrDefault("sigmask", "0").trim());
        return r;
    }

    @Override
    public void restore(ProcessAccess p, HandleRecord r) {
        long mask = Long.parseUnsignedLong(r.props.getOrDefault("sigmask", "0"), 16);
        long m = p.scratch(Calls.le(8).putLong(mask).array());
        long fd = Calls.check(p, r.fd, "signalfd4", Calls.SYS_signalfd4, -1, m, 8,
                Calls.O_CLOEXEC | (r.flags & Calls.O_NONBLOCK));
        Calls.moveTo(p, fd, r);
    }
}
