package org.vos.api.model;

/** A checkpoint image: a directory on one host holding a self-contained process image. */
public class ImageInfo {
    public String dir;
    public String host;
    public String processId;
    /** Image format version (see docs/image-format.md). */
    public int formatVersion;
    public long bytes;
    public long createdAt;
    /** Milliseconds the program was frozen while the image was written. */
    public long freezeMs;
    public long dumpMs;
}
