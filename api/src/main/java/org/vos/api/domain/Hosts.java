package org.vos.api.domain;

import java.util.List;

import org.osgi.annotation.versioning.ProviderType;
import org.vos.api.model.HostInfo;

/** The hosts a runtime knows: every host of the domain for a manager, itself for an executive. */
@ProviderType
public interface Hosts {
    List<HostInfo> hosts();

    /** @throws VosException {@code unknown-host} (404) when no host has that name */
    HostInfo host(String name);

    /**
     * Registers (or refreshes) a host of the domain; an executive calls this on the manager at
     * start and with every heartbeat. Only a manager implements it.
     */
    default HostInfo register(HostInfo host) {
        throw VosException.notAvailable("host registration");
    }

    /** Forgets a host; {@code unknown-host} (404) when no host has that name. */
    default void unregister(String name) {
        throw VosException.notAvailable("host registration");
    }
}
