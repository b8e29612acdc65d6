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
}
