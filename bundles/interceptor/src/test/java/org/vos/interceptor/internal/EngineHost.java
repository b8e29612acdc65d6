package org.vos.interceptor.internal;

import java.nio.file.Path;
import java.util.List;

import org.vos.api.engine.ManagedProcess;
import org.vos.engine.internal.EngineImpl;

/** The interceptor's host in tests: the engine itself (checkpoint into a private dir, restore). */
final class EngineHost implements InterceptorCore.Host {
    private final EngineImpl engine;
    private final Path dir;
    private int n;
    volatile long lastHostPid;

    EngineHost(EngineImpl engine, Path dir) {
        this.engine = engine;
        this.dir = dir;
    }

    @Override
    public List<InterceptorCore.Running> running() {
        return engine.list().stream().filter(p -> "running".equals(p.state))
                .map(p -> new InterceptorCore.Running(p.hostPid, p.command)).toList();
    }

    @Override
    public synchronized long rebuild(long hostPid) {
        Path img = dir.resolve("rebuild-" + (++n));
        engine.checkpoint(hostPid, img, false);
        ManagedProcess p = engine.restore(img, null);
        lastHostPid = p.hostPid;
        return p.hostPid;
    }
}
