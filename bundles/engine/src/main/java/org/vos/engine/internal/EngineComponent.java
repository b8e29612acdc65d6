package org.vos.engine.internal;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.vos.api.engine.CheckpointResult;
import org.vos.api.engine.Engine;
import org.vos.api.engine.ImageSummary;
import org.vos.api.engine.LaunchSpec;
import org.vos.api.engine.ManagedProcess;
import org.vos.api.strategy.MigrationStrategy;
import org.vos.api.virt.HandleVirtualizer;

/** The {@link Engine} service; handle virtualizers come from the service registry (whiteboard). */
@Component(service = Engine.class, configurationPid = "org.vos.engine")
@Designate(ocd = EngineComponent.Config.class)
public final class EngineComponent implements Engine {

    @ObjectClassDefinition(name = "vos engine", description = "Launch, checkpoint and restore of process trees")
    public @interface Config {
        @AttributeDefinition(name = "Data directory", description = "Where the engine unpacks its helper "
                + "(vos-init); empty = framework property vos.data.dir + /engine, else <java.io.tmpdir>/vos-engine")
        String dataDir() default "";
    }

    private final Virtualizers virtualizers = new Virtualizers();
    private final EngineImpl engine;

    @Activate
    public EngineComponent(Config config, BundleContext context) {
        String d = config.dataDir();
        String base = context.getProperty("vos.data.dir");
        Path dir = d != null && !d.isBlank() ? Path.of(d)
                : base != null ? Path.of(base, "engine") : Path.of(System.getProperty("java.io.tmpdir"), "vos-engine");
        virtualizers.builtin(FileVirtualizer.NAME, new FileVirtualizer());
        engine = new EngineImpl(dir, virtualizers);
    }

    @Deactivate
    void deactivate() {
        engine.shutdown();
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addVirtualizer(HandleVirtualizer v, Map<String, Object> props) {
        Object name = props.get(HandleVirtualizer.NAME);
        virtualizers.add(name == null ? v.getClass().getName() : name.toString(), v);
    }

    void removeVirtualizer(HandleVirtualizer v) {
        virtualizers.remove(v);
    }

    /** The interceptor (bundle org.vos.interceptor), asked for each program's seccomp filter; optional. */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    void setInterceptor(org.vos.api.hook.Interceptor i) {
        engine.interceptor(i);
    }

    void unsetInterceptor(org.vos.api.hook.Interceptor i) {
        engine.interceptorGone(i);
    }

    @Override
    public ManagedProcess launch(LaunchSpec spec) {
        return engine.launch(spec);
    }

    @Override
    public CheckpointResult checkpoint(long hostPid, Path dir, boolean leaveRunning) {
        return engine.checkpoint(hostPid, dir, leaveRunning);
    }

    @Override
    public ManagedProcess restore(Path dir, Path logFile) {
        return engine.restore(dir, logFile);
    }

    @Override
    public void kill(long hostPid) {
        engine.kill(hostPid);
    }

    @Override
    public void signal(long hostPid, int signal) {
        engine.signal(hostPid, signal);
    }

    @Override
    public List<ManagedProcess> list() {
        return engine.list();
    }

    @Override
    public ManagedProcess inspect(long hostPid) {
        return engine.inspect(hostPid);
    }

    @Override
    public Integer waitFor(long hostPid, Duration timeout) {
        return engine.waitFor(hostPid, timeout);
    }

    @Override
    public CheckpointResult freeze(long hostPid, Path dir, MigrationStrategy strategy) {
        return engine.freeze(hostPid, dir, strategy);
    }

    @Override
    public void resume(long hostPid) {
        engine.resume(hostPid);
    }

    @Override
    public void discard(long hostPid) {
        engine.discard(hostPid);
    }

    @Override
    public ImageSummary inspectImage(Path dir) {
        return engine.inspectImage(dir);
    }
}
