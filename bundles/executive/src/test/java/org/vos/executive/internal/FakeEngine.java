package org.vos.executive.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import org.vos.api.domain.VosException;
import org.vos.api.engine.CheckpointResult;
import org.vos.api.engine.Engine;
import org.vos.api.engine.ImageSummary;
import org.vos.api.engine.LaunchSpec;
import org.vos.api.engine.ManagedProcess;

/** An engine that runs nothing: it records launches and writes their command line to the log. */
class FakeEngine implements Engine {
    final Map<Long, ManagedProcess> processes = new ConcurrentHashMap<>();
    private final AtomicLong pids = new AtomicLong(1000);

    @Override
    public ManagedProcess launch(LaunchSpec spec) {
        ManagedProcess p = new ManagedProcess();
        p.hostPid = pids.incrementAndGet();
        p.nsPid = 2;
        p.command = new ArrayList<>(spec.command);
        p.logFile = spec.logFile;
        p.state = "running";
        p.startedAt = System.currentTimeMillis();
        try {
            Files.writeString(Path.of(spec.logFile), String.join(" ", spec.command) + "\n");
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        processes.put(p.hostPid, p);
        return p;
    }

    @Override
    public CheckpointResult checkpoint(long hostPid, Path dir, boolean leaveRunning) {
        throw new UnsupportedOperationException();
    }

    @Override
    public ManagedProcess restore(Path dir, Path logFile) {
        throw new UnsupportedOperationException();
    }

    @Override
    public void kill(long hostPid) {
        ManagedProcess p = inspect(hostPid);
        p.state = "exited";
        p.exitCode = 137;
    }

    @Override
    public void signal(long hostPid, int signal) {
        inspect(hostPid);
    }

    @Override
    public List<ManagedProcess> list() {
        return new ArrayList<>(processes.values());
    }

    @Override
    public ManagedProcess inspect(long hostPid) {
        ManagedProcess p = processes.get(hostPid);
        if (p == null) {
            throw VosException.notFound("unknown-process", "no process " + hostPid);
        }
        return p;
    }

    @Override
    public Integer waitFor(long hostPid, Duration timeout) {
        return inspect(hostPid).exitCode;
    }

    @Override
    public ImageSummary inspectImage(Path dir) {
        throw new UnsupportedOperationException();
    }
}
