package org.vos.engine.internal.image;

import java.util.ArrayList;
import java.util.List;

/** One mapping with the runs of pages whose data is in the process's page file. */
public class VmaImage {
    public long start;
    public long end;
    /** PROT_* bits. */
    public int prot;
    /** "rwxp" as in /proc/PID/maps. */
    public String perms;
    public boolean shared;
    /** Backing file for file mappings, pseudo name ([heap], [stack]) or "" for anonymous. */
    public String path;
    public boolean fileBacked;
    public long offset;
    public long inode;
    public String dev;
    /** VmFlags of smaps (gd = grows down, ...). */
    public List<String> vmFlags = new ArrayList<>();
    /** Offset of this mapping's first page in the page file. */
    public long pagesOffset;
    /** Pairs (address, page count) of dumped pages, ascending, stored consecutively from pagesOffset. */
    public long[] runs = new long[0];
    /** Number of dumped pages (sum of counts). */
    public long pages;
    /**
     * For file mappings: every resident page was saved (strategy SHIP), so the region can be
     * rebuilt as anonymous memory where the file does not exist.
     */
    public boolean shipped;
}
