package org.vos.executive.internal;

import java.io.InputStream;
import java.util.List;

import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Reference;
import org.vos.api.domain.Bundles;
import org.vos.api.domain.VosException;
import org.vos.api.model.BundleInfo;
import org.vos.api.runtime.BundleManager;

/** Hot deploy into this executive: its own name (or none) maps onto the local framework, any other host is unknown here. */
@Component(service = Bundles.class, configurationPid = ExecutiveConfig.PID, configurationPolicy = ConfigurationPolicy.OPTIONAL)
public class ExecutiveBundles implements Bundles {
    private final String name;
    private final BundleManager local;

    @Activate
    public ExecutiveBundles(ExecutiveConfig config, BundleContext context, @Reference BundleManager local) {
        this(Self.of(config, context::getProperty).name(), local);
    }

    ExecutiveBundles(String name, BundleManager local) {
        this.name = name;
        this.local = local;
    }

    private BundleManager at(String host) {
        if (host == null || host.isEmpty() || host.equals(name)) {
            return local;
        }
        throw VosException.notFound("unknown-host", "no host named " + host + " here: this executive is " + name);
    }

    @Override
    public List<BundleInfo> list(String host) {
        return at(host).list();
    }

    @Override
    public BundleInfo install(String host, String fileName, InputStream jar, boolean start) {
        return at(host).install(fileName, jar, start);
    }

    @Override
    public BundleInfo start(String host, String symbolicName) {
        return at(host).start(symbolicName);
    }

    @Override
    public BundleInfo stop(String host, String symbolicName) {
        return at(host).stop(symbolicName);
    }

    @Override
    public BundleInfo update(String host, String symbolicName, InputStream jar) {
        return at(host).update(symbolicName, jar);
    }

    @Override
    public void uninstall(String host, String symbolicName) {
        at(host).uninstall(symbolicName);
    }
}
