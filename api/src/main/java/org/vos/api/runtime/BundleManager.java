package org.vos.api.runtime;

import java.io.InputStream;
import java.util.List;

import org.osgi.annotation.versioning.ProviderType;
import org.vos.api.model.BundleInfo;

/**
 * Bundle management of the local OSGi framework, the engine of hot deploy. Bundles are named by
 * symbolic name; an install or update that cannot resolve reports the missing requirements and
 * leaves the framework as it was.
 */
@ProviderType
public interface BundleManager {
    List<BundleInfo> list();

    BundleInfo install(String fileName, InputStream jar, boolean start);

    BundleInfo start(String symbolicName);

    BundleInfo stop(String symbolicName);

    BundleInfo update(String symbolicName, InputStream jar);

    void uninstall(String symbolicName);
}
