package org.vos.api.model;

/** Restore of an image directory on a host (default: the host that wrote it). */
public class RestoreRequest {
    public String dir;
    public String host;
    /**
     * Host that holds {@code dir} when it is not {@link #host}: the image is streamed from there
     * to {@code host} over TCP first (docs/migration.md). null: the manager looks it up among the
     * images it has seen written, else {@code host} itself.
     */
    public String from;
}
