package org.vos.api.model;

/** Restore of an image directory on a host (default: the host that wrote it). */
public class RestoreRequest {
    public String dir;
    public String host;
}
