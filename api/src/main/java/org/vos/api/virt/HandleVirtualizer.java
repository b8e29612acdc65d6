package org.vos.api.virt;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * A resource class of virtual handles (the paper's migration tables): dumps the descriptors it
 * claims from a frozen process and rebuilds them, at the same descriptor numbers, in the restored
 * one. Registered as a service; the engine picks the virtualizer for each descriptor from the
 * service registry, so installing a bundle adds a resource class to a running executive. A
 * descriptor no virtualizer claims makes the checkpoint fail before anything is frozen.
 */
@ConsumerType
public interface HandleVirtualizer {
    /** Service property: the {@link Handle#kind kinds} this virtualizer claims (String+). */
    String KINDS = "vos.handle.kinds";
    /** Service property: the virtualizer's name, recorded in the image and used in messages. */
    String NAME = "vos.virtualizer.name";

    /** Whether this virtualizer takes the descriptor; must not stop or change the process. */
    boolean claims(Handle handle);

    /** One line saying what a dump of the handle would do (pre-flight plans). */
    default String plan(Handle handle) {
        return "dump " + handle.kind + " " + handle.target;
    }

    /** Dumps the handle of a frozen process; failures raise {@code VosException} naming it. */
    HandleRecord dump(ProcessAccess process, Handle handle);

    /** Rebuilds the handle in the restored process at {@code record.fd}. */
    void restore(ProcessAccess process, HandleRecord record);
}
