package org.vos.api.model;

/** Migration of a process to another host with a named strategy. */
public class MigrateRequest {
    public String to;
    /** Strategy name; null means {@code full}. */
    public String strategy;
}
