package org.vos.api.model;

import java.util.ArrayList;
import java.util.List;

/** A program managed by vos: one process tree, wherever it lives now. */
public class ProcessInfo {
    /** Short stable vos id; it survives checkpoint, restore and migration. */
    public String id;
    public String name;
    /** Host the process lives on now. */
    public String host;
    /** Pid as the program sees it (inside its pid namespace). */
    public long pid;
    /** Pid of the program in the host's root pid namespace. */
    public long hostPid;
    /** running, frozen, migrating or exited. */
    public String state;
    public List<String> command = new ArrayList<>();
    /** Exit status once {@code state} is exited, else null. */
    public Integer exitCode;
    /** Whether the program has a vos-owned terminal. */
    public boolean tty;
    /** Epoch milliseconds of the first launch. */
    public long startedAt;
    /** Resident memory of the tree in bytes (0 when unknown). */
    public long rssBytes;
    /** Hook sets active on the process. */
    public List<String> hooks = new ArrayList<>();
}
