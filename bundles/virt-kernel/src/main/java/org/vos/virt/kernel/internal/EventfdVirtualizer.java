package org.vos.virt.kernel.internal;

import org.osgi.service.component.annotations.Component;
import org.vos.api.virt.Handle;
import org.vos.api.virt.HandleRecord;
import org.vos.api.virt.HandleVirtualizer;
import org.vos.api.virt.ProcessAccess;

/** eventfd: counter (fdinfo eventfd-count, hex), semaphore mode, non-blocking flag. */
@Component(service = HandleVirtualizer.class, property = {HandleVirtualizer.NAME + "=" + EventfdVirtualizer.NAME,
    HandleVirtualizer.KINDS + "=anon:eventfd"})
public final class EventfdVirtualizer implements HandleVirtualizer {
    public static final String NAME = "kernel.eventfd";
    private static final int EFD_SEMAPHORE = 1;

    @Override
    public boolean claims(Handle h) {
        return "anon:eventfd".equals(h.kind);
    }

    @Override
    public String plan(Handle h) {
        return "eventfd count " + h.fdinfo.get("eventfd-count");
    }

    @Override
    public HandleRecord dump(ProcessAccess p, Handle h) {
        HandleRecord r = Calls.record(h, NAME);
        r.props.put("count", Long.toUnsignedString(Long.parseUnsignedLong(h.fdinfo.getOrDefault("eventfd-count", "0").trim(), 16)));
        r.props.put("semaphore", h.fdinfo.getOrDefault("eventfd-semaphore", "0").trim());
        return r;
    }

    @Override
    public void restore(ProcessAccess p, HandleRecord r) {
        int flags = Calls.O_CLOEXEC | (r.flags & Calls.O_NONBLOCK) | ("1".equals(r.props.get("semaphore")) ? EFD_SEMAPHORE : 0);
        long fd = Calls.check(p, r.fd, "eventfd2", Calls.SYS_eventfd2, 0, flags);
        long count = Long.parseUnsignedLong(r.props.getOrDefault("count", "0"));
        if (count != 0) {
            // the counter is 64 bits, eventfd2's initial value only 32: write it
            long buf = p.scratch(Calls.le(8).putLong(count).array());
            Calls.check(p, r.fd, "write eventfd count", Calls.SYS_write, fd, buf, 8);
        }
        Calls.moveTo(p, fd, r);
    }
}
