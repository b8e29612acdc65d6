package org.vos.virt.kernel.internal;

import java.util.ArrayList;
import java.util.List;

import org.osgi.service.component.annotations.Component;
import org.vos.api.domain.VosException;
import org.vos.api.virt.Handle;
import org.vos.api.virt.HandleRecord;
import org.vos.api.virt.HandleVirtualizer;
import org.vos.api.virt.ProcessAccess;

/**
 * epoll: the interest list (fdinfo "tfd: N events: HEX data: HEX"), rebuilt with epoll_ctl in
 * phase 1, after the targets exist. Readiness is recomputed by the kernel from the targets.
 */
@Component(service = HandleVirtualizer.class, property = {HandleVirtualizer.NAME + "=" + EpollVirtualizer.NAME,
    HandleVirtualizer.KINDS + "=anon:eventpoll"})
public final class EpollVirtualizer implements HandleVirtualizer {
    public static final String NAME = "kernel.epoll";
    private static final int EPOLL_CTL_ADD = 1;

    @Override
    public boolean claims(Handle h) {
        return "anon:eventpoll".equals(h.kind);
    }

    @Override
    public HandleRecord dump(ProcessAccess p, Handle h) {
        HandleRecord r = Calls.record(h, NAME);
        List<String> targets = new ArrayList<>();
        for (String l : Calls.lines(Calls.fdinfo(h), "tfd:")) {
            targets.add(Calls.field(l, "tfd") + " " + Calls.field(l, "events") + " " + Calls.field(l, "data"));
        }
        r.props.put("targets", String.join(",", targets));
        return r;
    }

    @Override
    public int phase(HandleRecord record) {
        return 1;
    }

    @Override
    public void restore(ProcessAccess p, HandleRecord r) {
        long ep = Calls.check(p, r.fd, "epoll_create1", Calls.SYS_epoll_create1, Calls.O_CLOEXEC);
        String t = r.props.getOrDefault("targets", "");
        for (String e : t.isEmpty() ? new String[0] : t.split(",")) {
            String[] f = e.split(" ");
            int tfd = Integer.parseInt(f[0]);
            int events = (int) Long.parseLong(f[1], 16);
            long data = Long.parseUnsignedLong(f[2], 16);
            p.resetScratch();
            long ev = p.scratch(Calls.le(12).putInt(events).putLong(data).array());
            long res = p.syscall(Calls.SYS_epoll_ctl, ep, EPOLL_CTL_ADD, tfd, ev);
            if (res < 0) {
                p.syscall(Calls.SYS_close, ep);
                throw new VosException(500, "handle-call-failed", "process " + p.hostPid() + " fd " + r.fd
                        + " (epoll): cannot add target fd " + tfd + ": errno " + -res);
            }
        }
        Calls.moveTo(p, ep, r);
    }
}
