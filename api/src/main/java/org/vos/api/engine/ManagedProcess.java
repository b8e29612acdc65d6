package org.vos.api.engine;

import java.util.ArrayList;
import java.util.List;

/** A snapshot of a process tree the engine launched or restored. */
public class ManagedProcess {
    /** Host pid of the program (the tree's root); the key of every {@link Engine} call. */
    public long hostPid;
    /** Pid the program sees for itself inside its namespace. */
    public long nsPid;
    /** Host pid of the vos init (pid 1 of the namespace). */
    public long initPid;
    public List<String> command = new ArrayList<>();
    public String logFile;
    /** running or exited. */
    public String state;
    /** Exit status once exited (128+signal when killed), else null. */
    public Integer exitCode;
    /** Epoch milliseconds of the launch or restore. */
    public long startedAt;
    /** Image directory it was restored from, null when launched. */
    public String restoredFrom;
    /** For a restore: phase name → microseconds (verify, spawn, memory, ...); empty otherwise. */
    public java.util.Map<String, Long> phasesUs = new java.util.LinkedHashMap<>();
}
