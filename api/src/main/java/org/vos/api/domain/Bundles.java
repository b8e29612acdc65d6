package org.vos.api.domain;

import java.io.InputStream;
import java.util.List;

import org.osgi.annotation.versioning.ProviderType;
import org.vos.api.model.BundleInfo;

/**
 * Hot deployment into the runtimes of a domain. {@code host} names an executive; null means the
 * runtime that serves the call. Every operation leaves the runtime and its programs running; a
 * failed one changes nothing and raises {@link VosException}.
 */
@ProviderType
public interface Bundles {
    List<BundleInfo> list(String host);

    BundleInfo install(String host, String fileName, InputStream jar, boolean start);

    BundleInfo start(String host, String symbolicName);

    BundleInfo stop(String host, String symbolicName);

    BundleInfo update(String host, String symbolicName, InputStream jar);

    void uninstall(String host, String symbolicName);
}
