package org.vos.api.virt;

import java.util.LinkedHashMap;
import java.util.Map;

/** One open descriptor of a process, as read from /proc without stopping the process. */
public class Handle {
    public long pid;
    public int fd;
    /**
     * Resource kind: {@code file}, {@code dir}, {@code chr}, {@code pipe}, {@code fifo},
     * {@code socket}, or {@code anon:NAME} for anonymous inodes (anon:eventfd, anon:[eventpoll], ...).
     */
    public String kind;
    /** Link target of /proc/PID/fd/N. */
    public String target;
    /** open(2) flags from fdinfo. */
    public int flags;
    /** File position from fdinfo. */
    public long pos;
    /**
     * Inode number of the open file (fdinfo {@code ino}); together with the kind it names the
     * kernel object, e.g. both ends of one pipe, in every process that holds it. 0 if unknown.
     */
    public long ino;
    /** Every field of /proc/PID/fdinfo/N. */
    public Map<String, String> fdinfo = new LinkedHashMap<>();
}
