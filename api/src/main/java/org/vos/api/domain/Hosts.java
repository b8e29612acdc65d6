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
}
