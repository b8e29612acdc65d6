package org.vos.api.model;

/** Migration of a process to another host with a named strategy. */
public class MigrateRequest {
    public String to;
    /** Strategy name; null means {@code full}. */
    public String strategy;

    // --- manager to executive (docs/migration.md); a user's request leaves these null ---------

    /**
     * null: migrate the process (manager → source executive, with {@link #token} and
     * {@link #address}); {@code expect}: the target executive is to accept one stream with
     * {@link #token}; {@code cancel}: forget that token; {@code send-image}: the executive holding
     * the image {@link #dir} streams it to {@link #address} (restore on another host).
     */
    public String role;
    /** One-time transfer token issued by the manager. */
    public String token;
    /** Transfer address ({@code host:port}) of the target executive. */
    public String address;
    /** The manager's id of this migration. */
    public String migrationId;
    /** Image directory for {@code send-image}. */
    public String dir;
}
