package org.vos.virt.kernel.internal;

import org.osgi.service.component.annotations.Component;
import org.vos.api.virt.Handle;
import org.vos.api.virt.HandleRecord;
import org.vos.api.virt.HandleVirtualizer;
import org.vos.api.virt.ProcessAccess;

/**
 * timerfd: clock, interval and the next expiry, kept as an absolute time of the process's own
 * clock (fdinfo it_value is relative; the clock is read inside the frozen process, so in its time
 * namespace) and re-armed with TFD_TIMER_ABSTIME: the clocks of a vos namespace continue across
 * restore, so a periodic timer keeps its phase and periods that passed during the restore are
 * counted as expirations. Expirations not yet read are put back with TFD_IOC_SET_TICKS.
 */
@Component(service = HandleVirtualizer.class, property = {HandleVirtualizer.NAME + "=" + TimerfdVirtualizer.NAME,
    HandleVirtualizer.KINDS + "=anon:timerfd"})
public final class TimerfdVirtualizer implements HandleVirtualizer {
    public static final String NAME = "kernel.timerfd";
    private static final long TFD_IOC_SET_TICKS = 0x40085400L;
    private static final int SYS_clock_gettime = 228, TFD_TIMER_ABSTIME = 1;

    @Override
    public boolean claims(Handle h) {
        return "anon:timerfd".equals(h.kind);
    }

    @Override
    public String plan(Handle h) {
        return "timerfd clock " + h.fdinfo.get("clockid") + " value " + h.fdinfo.get("it_value") + " interval " + h.fdinfo.get("it_interval");
    }

    @Override
    public HandleRecord dump(ProcessAccess p, Handle h) {
        HandleRecord r = Calls.record(h, NAME);
        int clock = Integer.parseInt(h.fdinfo.getOrDefault("clockid", "1").trim());
        // the process's own clock (its time namespace) just before a fresh fdinfo: the expiry is
        // kept as an absolute time of that clock, which continues across restore
        long ts = p.scratch(new byte[16]);
        Calls.check(p, h.fd, "clock_gettime(" + clock + ")", SYS_clock_gettime, clock, ts);
        long[] now = {Calls.readLong(p, ts), Calls.readLong(p, ts + 8)};
        java.util.Map<String, String> info = new java.util.HashMap<>();
        for (String l : Calls.fdinfo(h)) {
            int c = l.indexOf(':');
            if (c > 0) {
                info.put(l.substring(0, c).trim(), l.substring(c + 1).trim());
            }
        }
        r.props.put("clockid", Integer.toString(clock));
        r.props.put("ticks", info.getOrDefault("ticks", "0"));
        long[] v = Calls.pair(info.getOrDefault("it_value", "(0, 0)"));
        long[] i = Calls.pair(info.getOrDefault("it_interval", "(0, 0)"));
        long ticks = Long.parseLong(info.getOrDefault("ticks", "0"));
        if (v[0] == 0 && v[1] == 0 && ticks > 0 && (i[0] != 0 || i[1] != 0)) {
            // expired, not yet read: the kernel re-arms a periodic timer only at the read, from an
            // expiry time fdinfo does not show; the next one is taken one interval from now
            v = i.clone();
        }
        if (v[0] != 0 || v[1] != 0) {
            long ns = now[1] + v[1];
            v = new long[] {now[0] + v[0] + ns / 1_000_000_000L, ns % 1_000_000_000L};
            r.props.put("expires", v[0] + "." + String.format("%09d", v[1]));
        }
        r.props.put("interval", i[0] + "." + String.format("%09d", i[1]));
        r.props.put("settimeFlags", info.getOrDefault("settime flags", "0"));
        return r;
    }

    private static long[] ts(String s) {
        String[] f = s.split("\\.");
        return new long[] {Long.parseLong(f[0]), Long.parseLong(f[1])};
    }

    @Override
    public void restore(ProcessAccess p, HandleRecord r) {
        int clock = Integer.parseInt(r.props.getOrDefault("clockid", "1"));
        long fd = Calls.check(p, r.fd, "timerfd_create", Calls.SYS_timerfd_create, clock,
                Calls.O_CLOEXEC | (r.flags & Calls.O_NONBLOCK));
        long[] i = ts(r.props.getOrDefault("interval", "0.000000000"));
        if (r.props.containsKey("expires")) {
            // absolute in the namespace's clock: expirations missed while frozen are counted by the kernel
            long[] v = ts(r.props.get("expires"));
            long its = p.scratch(Calls.le(32).putLong(i[0]).putLong(i[1]).putLong(v[0]).putLong(v[1]).array());
            Calls.check(p, r.fd, "timerfd_settime", Calls.SYS_timerfd_settime, fd, TFD_TIMER_ABSTIME, its, 0);
        }
        long ticks = Long.parseLong(r.props.getOrDefault("ticks", "0"));
        if (ticks > 0) {
            long t = p.scratch(Calls.le(8).putLong(ticks).array());
            Calls.check(p, r.fd, "ioctl(TFD_IOC_SET_TICKS " + ticks + ")", Calls.SYS_ioctl, fd, TFD_IOC_SET_TICKS, t);
        }
        Calls.moveTo(p, fd, r);
    }
}
