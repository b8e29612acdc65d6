package org.vos.api.runtime;

import org.osgi.annotation.versioning.ProviderType;

/**
 * The domain token that authorizes every mutating REST call. It is created by the first
 * {@code vos up}, kept mode 0600 in the state directory, and handed to each runtime.
 */
@ProviderType
public interface DomainToken {
    /** Header that carries the token. */
    String HEADER = "X-Vos-Token";

    /** Constant-time comparison with the domain token; false when either is missing. */
    boolean matches(String candidate);

    /** The token itself, for a runtime's own calls to other runtimes of the domain. */
    String value();
}
