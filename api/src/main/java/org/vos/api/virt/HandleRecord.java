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
    /** Virtualizer-specific state; names are owned by the virtualizer and only ever added. */
    public Map<String, String> props = new LinkedHashMap<>();
}
