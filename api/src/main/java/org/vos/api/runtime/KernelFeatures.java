package org.vos.api.runtime;

import java.util.Map;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Kernel and CPU features probed once per runtime (kernel release, page size, xsave size,
 * seccomp user notification, pidfd_getfd, clone3 set_tid, time namespaces, ...). Virtualizers,
 * strategies and tests state what they need against these names.
 */
@ProviderType
public interface KernelFeatures {
    Map<String, Object> features();

    default boolean has(String feature) {
        Object v = features().get(feature);
        return v instanceof Boolean b ? b : v != null;
    }
}
