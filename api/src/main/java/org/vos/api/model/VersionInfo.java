package org.vos.api.model;

/** What a runtime is: its role, vos version and, for an executive, its host name. */
public class VersionInfo {
    public String version;
    /** manager or executive. */
    public String role;
    public String host;
    /** OS pid of the runtime's JVM. */
    public long pid;
    public long startedAt;
}
