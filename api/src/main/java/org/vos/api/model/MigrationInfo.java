package org.vos.api.model;

/** One migration of a process between hosts, with its phase timings. */
public class MigrationInfo {
    public String id;
    public String processId;
    public String from;
    public String to;
    public String strategy;
    /** running, done or failed. */
    public String state;
    /** Current or last phase: check, freeze, dump, transfer, restore, resume, cleanup. */
    public String phase;
    /** First error, when failed; the process then still runs on {@link #from}. */
    public String error;
    public long startedAt;
    public long freezeMs;
    public long dumpMs;
    public long transferMs;
    public long restoreMs;
    public long downtimeMs;
    public long totalMs;
    public long imageBytes;
    /** Transfer address of the target ({@code expect} answers it; docs/migration.md). */
    public String address;
    /** Stable code of {@link #error} (e.g. {@code host-down}, {@code checksum-mismatch}). */
    public String errorCode;
    /** Host pid of the program after the migration (on {@link #to}), or on {@link #from} after a failure. */
    public long hostPid;
}
