package org.vos.hooks.trace.internal;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.vos.api.hook.SyscallEvent;
import org.vos.api.hook.SyscallHook;
import org.vos.api.hook.SyscallResult;
import org.vos.api.hook.SyscallTrace;
import org.vos.api.hook.TraceEntry;

/**
 * Hook set {@code trace}: records the chosen calls of the programs it applies to, arguments
 * decoded, with what the program got; a bounded buffer per program (oldest entries dropped).
 */
@Component(service = {SyscallHook.class, SyscallTrace.class}, configurationPid = "org.vos.hooks.trace",
        property = {SyscallHook.SYSCALLS + "=write,nanosleep,clock_nanosleep,openat", SyscallHook.HOOK_SET + "=trace",
                SyscallHook.ORDER + ":Integer=1000"})
@Designate(ocd = TraceHook.Config.class)
public final class TraceHook implements SyscallHook, SyscallTrace {

    @ObjectClassDefinition(name = "vos hooks: trace", description = "API trace of chosen system calls")
    public @interface Config {
        @AttributeDefinition(name = "vos.hook.syscalls", description = "System calls traced")
        String[] vos_hook_syscalls() default {"write", "nanosleep", "clock_nanosleep", "openat"};

        @AttributeDefinition(name = "vos.hook.appliesTo", description = "Globs on the executable name; empty = every program",
                required = false)
        String[] vos_hook_appliesTo() default {};

        @AttributeDefinition(name = "Entries kept per program")
        int bufferSize() default 2000;
    }

    /** One program's buffer. */
    private static final class Buffer {
        final ArrayDeque<TraceEntry> entries = new ArrayDeque<>();
        long seq;
    }

    private static final int MAX_PROGRAMS = 256;
    private final int size;
    private final Map<String, Buffer> byKey = new LinkedHashMap<>();
    private final Map<Long, String> keyOfPid = new ConcurrentHashMap<>();
    private final ThreadLocal<TraceEntry> pending = new ThreadLocal<>();

    @Activate
    public TraceHook(Config config) {
        this.size = Math.max(10, config.bufferSize());
    }

    /** For tests. */
    TraceHook(int size) {
        this.size = size;
    }

    @Override
    public SyscallResult handle(SyscallEvent e) {
        TraceEntry t = new TraceEntry();
        t.time = System.currentTimeMillis();
        t.tid = e.pid();
        t.call = e.name();
        t.args = Decoder.args(e); // while the call is pending: its memory is trustworthy
        pending.set(t);
        return SyscallResult.proceed();
    }

    @Override
    public void answered(SyscallEvent e, SyscallResult r) {
        TraceEntry t = pending.get();
        pending.remove();
        if (t == null) {
            return;
        }
        t.result = r.toString();
        keyOfPid.put(e.hostPid(), e.processId());
        synchronized (byKey) {
            Buffer b = byKey.get(e.processId());
            if (b == null) {
                if (byKey.size() >= MAX_PROGRAMS) {
                    Iterator<String> it = byKey.keySet().iterator();
                    it.next();
                    it.remove();
                }
                b = new Buffer();
                byKey.put(e.processId(), b);
            }
            t.seq = ++b.seq;
            b.entries.addLast(t);
            while (b.entries.size() > size) {
                b.entries.pollFirst();
            }
        }
    }

    @Override
    public List<TraceEntry> entries(long hostPid, long since) {
        String key = keyOfPid.get(hostPid);
        List<TraceEntry> out = new ArrayList<>();
        if (key == null) {
            return out;
        }
        synchronized (byKey) {
            Buffer b = byKey.get(key);
            if (b != null) {
                for (TraceEntry t : b.entries) {
                    if (t.seq > since) {
                        out.add(t);
                    }
                }
            }
        }
        return out;
    }
}
