package org.vos.api.model;

/** Checkpoint of a managed process (or, with {@link #pid}, of a foreign one) into a directory. */
public class CheckpointRequest {
    public String dir;
    public boolean leaveRunning;
    /** OS pid of a process vos did not launch (adopt); 0 when the vos id names the process. */
    public long pid;
    /** Host whose executive checkpoints {@link #pid} (adopt); null: the manager picks an up host. */
    public String host;
}
