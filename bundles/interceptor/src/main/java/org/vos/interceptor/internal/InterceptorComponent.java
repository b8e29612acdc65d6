package org.vos.interceptor.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vos.api.domain.Processes;
import org.vos.api.domain.VosException;
import org.vos.api.hook.Interception;
import org.vos.api.hook.Interceptor;
import org.vos.api.hook.SyscallHook;
import org.vos.api.model.CheckpointRequest;
import org.vos.api.model.ProcessInfo;
import org.vos.api.model.RestoreRequest;

/**
 * The {@link Interceptor} service: hooks come from the registry (whiteboard of {@link SyscallHook});
 * running programs are rebuilt through the executive's {@link Processes} (checkpoint into a private
 * directory, restore under the same vos id).
 */
@Component(service = Interceptor.class, configurationPid = "org.vos.interceptor")
@Designate(ocd = InterceptorComponent.Config.class)
public final class InterceptorComponent implements Interceptor, InterceptorCore.Host {
    private static final Logger LOG = LoggerFactory.getLogger(InterceptorComponent.class);

    @ObjectClassDefinition(name = "vos interceptor", description = "Seccomp user notification for syscall hooks")
    public @interface Config {
        @AttributeDefinition(name = "Hook timeout (ms)", description = "A hook running longer is answered for")
        long timeoutMs() default 2000;

        @AttributeDefinition(name = "Errno on hook failure", description = "0: a call whose hook threw or overran "
                + "proceeds; else it fails with this errno (e.g. 5, EIO)")
        int failErrno() default 0;

        @AttributeDefinition(name = "Unhook timeout (ms)", description = "On deactivation, programs with a filter "
                + "are moved into instances without one for at most this long")
        long unhookTimeoutMs() default 30000;

        @AttributeDefinition(name = "Rebuild directory", description = "Where programs are checkpointed while their "
                + "filter changes; empty = framework property vos.data.dir + /interceptor")
        String dir() default "";
    }

    private final InterceptorCore core;
    private final Path dir;
    private final BundleContext context;
    private final long unhookTimeoutMs;

    @Activate
    public InterceptorComponent(Config config, BundleContext context) {
        this.context = context;
        this.unhookTimeoutMs = config.unhookTimeoutMs();
        core = new InterceptorCore(config.timeoutMs(), config.failErrno());
        String base = context.getProperty("vos.data.dir");
        dir = !config.dir().isBlank() ? Path.of(config.dir())
                : base != null ? Path.of(base, "interceptor") : Path.of(System.getProperty("java.io.tmpdir"), "vos-interceptor");
        core.host(this);
    }

    @Deactivate
    void deactivate() {
        try {
            core.unhookAll(unhookTimeoutMs); // programs outlive us: they go on without a filter
        } catch (RuntimeException e) {
            LOG.warn("moving programs out of their filters failed: {}", e.getMessage());
        } finally {
            core.close();
        }
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addHook(SyscallHook hook, ServiceReference<SyscallHook> ref) {
        long id = (Long) ref.getProperty("service.id");
        Map<String, Object> props = new java.util.HashMap<>();
        for (String k : ref.getPropertyKeys()) {
            props.put(k, ref.getProperty(k));
        }
        try {
            core.add(HookEntry.of(hook, props, id, ref.getBundle().getSymbolicName()));
        } catch (RuntimeException e) {
            LOG.warn("hook {} of bundle {} ignored: {}", id, ref.getBundle().getSymbolicName(), e.getMessage());
        }
    }

    void removeHook(SyscallHook hook, ServiceReference<SyscallHook> ref) {
        core.remove((Long) ref.getProperty("service.id"));
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addProfile(ProfileComponent p) {
        core.profile(p.profile, true);
    }

    void removeProfile(ProfileComponent p) {
        core.profile(p.profile, false);
    }

    @Override
    public Interception prepare(List<String> command, String exe) {
        return core.prepare(command, exe);
    }

    @Override
    public List<String> hookSets(long hostPid) {
        return core.hookSets(hostPid);
    }

    /**
     * The executive's processes, looked up when needed: a DS reference would make a cycle
     * (Processes → Engine and Processes → Interceptor → Processes).
     */
    private Processes processes() {
        try {
            ServiceReference<Processes> ref = context.getServiceReference(Processes.class);
            return ref == null ? null : context.getService(ref);
        } catch (IllegalStateException e) {
            return null; // this bundle is stopping
        }
    }

    @Override
    public List<InterceptorCore.Running> running() {
        Processes p = processes();
        if (p == null) {
            return List.of();
        }
        return p.list().stream().filter(i -> "running".equals(i.state))
                .map(i -> new InterceptorCore.Running(i.hostPid, i.command)).toList();
    }

    @Override
    public long rebuild(long hostPid) {
        Processes p = processes();
        if (p == null) {
            throw VosException.notAvailable("rebuilding programs (no Processes service)");
        }
        ProcessInfo info = p.list().stream().filter(i -> i.hostPid == hostPid).findFirst()
                .orElseThrow(() -> VosException.notFound("unknown-process", "no process with host pid " + hostPid));
        Path image = dir.resolve(info.id + "-" + System.nanoTime());
        try {
            Files.createDirectories(dir);
            CheckpointRequest c = new CheckpointRequest();
            c.dir = image.toString();
            c.leaveRunning = false;
            p.checkpoint(info.id, c);
            RestoreRequest r = new RestoreRequest();
            r.dir = image.toString();
            ProcessInfo now;
            try {
                now = p.restore(r);
            } catch (RuntimeException first) {
                LOG.warn("process {}: restore with the new filter failed ({}), trying once more", info.id, first.getMessage());
                now = p.restore(r);
            }
            delete(image);
            return now.hostPid;
        } catch (IOException e) {
            throw new VosException(500, "rebuild-failed", "cannot create " + dir + ": " + e.getMessage(), null, e);
        }
    }

    private static void delete(Path d) {
        try (Stream<Path> s = Files.walk(d)) {
            s.sorted(Comparator.reverseOrder()).forEach(x -> {
                try {
                    Files.deleteIfExists(x);
                } catch (IOException e) {
                    // best effort
                }
            });
        } catch (IOException e) {
            // best effort
        }
    }

    /** For the REST and the bench. */
    public Map<String, Object> stats() {
        return core.stats();
    }
}
