package org.vos.manager.internal;

import java.io.InputStream;
import java.util.List;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.vos.api.domain.Bundles;
import org.vos.api.model.BundleInfo;
import org.vos.api.runtime.BundleManager;

/** Hot deploy anywhere in the domain: no host is the manager's own framework, a host name is that host's executive. */
@Component(service = Bundles.class)
public class ManagerBundles implements Bundles {
    private final BundleManager local;
    private final Executives executives;

    @Activate
    public ManagerBundles(@Reference BundleManager local, @Reference Executives executives) {
        this.local = local;
        this.executives = executives;
    }

    private static boolean local(String host) {
        return host == null || host.isEmpty();
    }

    @Override
    public List<BundleInfo> list(String host) {
        return local(host) ? local.list() : executives.client(host).list(null);
    }

    @Override
    public BundleInfo install(String host, String fileName, InputStream jar, boolean start) {
        return local(host) ? local.install(fileName, jar, start) : executives.client(host).install(null, fileName, jar, start);
    }

    @Override
    public BundleInfo start(String host, String symbolicName) {
        return local(host) ? local.start(symbolicName) : executives.client(host).start(null, symbolicName);
    }

    @Override
    public BundleInfo stop(String host, String symbolicName) {
        return local(host) ? local.stop(symbolicName) : executives.client(host).stop(null, symbolicName);
    }

    @Override
    public BundleInfo update(String host, String symbolicName, InputStream jar) {
        return local(host) ? local.update(symbolicName, jar) : executives.client(host).update(null, symbolicName, jar);
    }

    @Override
    public void uninstall(String host, String symbolicName) {
        if (local(host)) {
            local.uninstall(symbolicName);
        } else {
            executives.client(host).uninstall(null, symbolicName);
        }
    }
}
