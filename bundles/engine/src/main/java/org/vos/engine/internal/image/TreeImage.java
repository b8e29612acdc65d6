package org.vos.engine.internal.image;

import java.util.ArrayList;
import java.util.List;

/** tree.json: the process tree, its namespace and clocks. */
public class TreeImage {
    public static final String MAGIC = "VOS-TREE";
    public String magic = MAGIC;
    /** Whether the tree lived in its own pid namespace under a vos init (launched by vos). */
    public boolean ownNamespace;
    /** Host CLOCK_MONOTONIC / BOOTTIME at the freeze, plus the namespace's offsets then. */
    public long hostMonotonicNs;
    public long hostBoottimeNs;
    public long monotonicOffsetNs;
    public long boottimeOffsetNs;
    /** Log file the program's stdout/stderr pointed at when launched by vos. */
    public String logFile;
    public List<String> command = new ArrayList<>();
    /** Root first, then children in creation order (parents before children). */
    public List<ProcessImage> processes = new ArrayList<>();
}
