package org.vos.manager.internal;

import java.util.List;

import org.vos.api.model.HostInfo;
import org.vos.client.VosClient;

/** The manager's way to reach the executives it knows (bundle-private service of the registry). */
public interface Executives {
    /** Every registered host with its current state. */
    List<HostInfo> hosts();

    /**
     * A client of the named host's executive.
     *
     * @throws org.vos.api.domain.VosException {@code unknown-host} (404), {@code host-down} (503)
     */
    VosClient client(String host);
}
