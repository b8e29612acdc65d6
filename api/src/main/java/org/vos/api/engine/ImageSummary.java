package org.vos.api.engine;

import java.util.ArrayList;
import java.util.List;

/** A readable summary of an image directory (docs/image-format.md), checksums verified. */
public class ImageSummary {
    public String dir;
    public int formatVersion;
    public String vosVersion;
    public long createdAt;
    public long bytes;
    public long pageBytes;
    public boolean checksumsOk;
    /** First checksum or format problem found, null when none. */
    public String problem;
    public List<Proc> processes = new ArrayList<>();

    /** One process of the tree. */
    public static class Proc {
        public long pid;
        public long ppid;
        public String comm;
        public String exe;
        public int threads;
        public int vmas;
        public long pageBytes;
        public List<String> fds = new ArrayList<>();
    }
}
