package org.vos.executive.internal;

import java.util.List;

import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;
import org.vos.api.domain.Hosts;
import org.vos.api.domain.Processes;
import org.vos.api.domain.VosException;
import org.vos.api.model.HostInfo;
import org.vos.api.runtime.BundleManager;

/**
 * The one host an executive knows: itself. The manager polls {@link #host(String)} as the
 * heartbeat, so it reports live counts and the executive's OS pid.
 */
@Component(service = Hosts.class, configurationPid = ExecutiveConfig.PID, configurationPolicy = ConfigurationPolicy.OPTIONAL)
@Designate(ocd = ExecutiveConfig.class)
public class ExecutiveHosts implements Hosts {
    private final Self self;
    private final BundleManager bundles;
    private final Processes processes;

    @Activate
    public ExecutiveHosts(ExecutiveConfig config, BundleContext context, @Reference BundleManager bundles,
            @Reference Processes processes) {
        this(Self.of(config, context::getProperty), bundles, processes);
    }

    ExecutiveHosts(Self self, BundleManager bundles, Processes processes) {
        this.self = self;
        this.bundles = bundles;
        this.processes = processes;
    }

    @Override
    public List<HostInfo> hosts() {
        return List.of(describe());
    }

    @Override
    public HostInfo host(String name) {
        if (!self.name().equals(name)) {
            throw VosException.notFound("unknown-host", "no host named " + name + " here: this executive is " + self.name());
        }
        return describe();
    }

    private HostInfo describe() {
        HostInfo h = new HostInfo();
        h.name = self.name();
        h.address = self.address();
        h.port = self.port();
        h.state = "up";
        h.bundles = bundles.list().size();
        h.processes = processCount();
        h.executivePid = ProcessHandle.current().pid();
        h.kernel = System.getProperty("os.version");
        h.lastSeen = System.currentTimeMillis();
        return h;
    }

    private int processCount() {
        try {
            return processes.list().size();
        } catch (VosException e) {
            // process management not wired yet (501): the host has no managed processes
            return 0;
        }
    }
}
