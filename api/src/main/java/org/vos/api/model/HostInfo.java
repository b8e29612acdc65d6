package org.vos.api.model;

/** One host of a domain: a machine (here a simulated one) running an executive. */
public class HostInfo {
    /** Host name, e.g. {@code h1}. */
    public String name;
    /** The host's own address (the executive listens only there). */
    public String address;
    /** Port of the executive's REST API on {@link #address}. */
    public int port;
    /** {@code up} while the executive answers heartbeats, {@code down} otherwise. */
    public String state;
    /** Number of managed processes living on the host. */
    public int processes;
    /** Number of bundles installed in the host's executive. */
    public int bundles;
    /** OS pid of the executive (in the root pid namespace), 0 when unknown. */
    public long executivePid;
    /** Kernel release of the host. */
    public String kernel;
    /** Epoch milliseconds of the last successful heartbeat. */
    public long lastSeen;
}
