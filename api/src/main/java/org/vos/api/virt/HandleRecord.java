package org.vos.api.virt;

import java.util.LinkedHashMap;
import java.util.Map;

/** A dumped descriptor in the image: which virtualizer wrote it and its state as properties. */
public class HandleRecord {
    public long pid;
    public int fd;
    public String kind;
    /** Name of the virtualizer that wrote the record and must restore it. */
    public String virtualizer;
    /** Descriptor flags (close-on-exec) and status flags. */
    public int flags;
    /** Inode of the object at checkpoint (see {@link Handle#ino}); 0 if unknown. */
    public long ino;
    /**
     * Set by the engine when this descriptor shares its open file (same struct file: dup, fork,
     * SCM_RIGHTS) with an earlier record of the image, as {@code "PID:FD"} in image pids. Such a
     * record is not dumped or restored by its virtualizer: the engine gives the process the
     * earlier record's restored file at {@code fd}.
     */
    public String sameAs;
    /** Virtualizer-specific state; names are owned by the virtualizer and only ever added. */
    public Map<String, String> props = new LinkedHashMap<>();
}
