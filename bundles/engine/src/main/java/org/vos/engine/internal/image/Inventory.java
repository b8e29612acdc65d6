package org.vos.engine.internal.image;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** inventory.json: the root record of an image; written last, so its presence marks a complete image. */
public class Inventory {
    public static final String MAGIC = "VOS-IMAGE";
    public static final int FORMAT_VERSION = 1;

    public String magic = MAGIC;
    public int formatVersion = FORMAT_VERSION;
    public String vosVersion;
    public long createdAt;
    /** Bundles (or classes) that wrote parts of the image. */
    public List<String> writers = new ArrayList<>();
    /** Kernel release and CPU xsave features of the writing host. */
    public String kernel;
    public long xfeatures;
    public int xstateSize;
    /** Every other file of the image: name → part. */
    public Map<String, Part> parts = new LinkedHashMap<>();

    /**
     * One file of the image with its size and SHA-256 (hex). Page files are hashed in chunks of
     * {@code chunkBytes} (the last one shorter) so that hashing runs in parallel with copying;
     * then {@code chunks} holds each chunk's SHA-256 and {@code sha256} is the SHA-256 of the
     * concatenated raw chunk digests.
     */
    public static class Part {
        public long bytes;
        public String sha256;
        public long chunkBytes;
        public java.util.List<String> chunks;

        public Part() {
        }

        public Part(long bytes, String sha256) {
            this.bytes = bytes;
            this.sha256 = sha256;
        }
    }
}
