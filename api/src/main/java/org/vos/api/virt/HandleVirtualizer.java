package org.vos.api.virt;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * A resource class of virtual handles (the paper's migration tables): dumps the descriptors it
 * claims from a frozen process and rebuilds them, at the same descriptor numbers, in the restored
 * one. Registered as a service; the engine picks the virtualizer for each descriptor from the
 * service registry, so installing a bundle adds a resource class to a running executive. A
 * descriptor no virtualizer claims makes the checkpoint fail before anything is frozen.
 *
 * <p>Contract, as the engine applies it (docs/virtualizers.md):
 * <ul>
 * <li><b>Shared open files.</b> Descriptors that share one open file (dup, fork, SCM_RIGHTS) are
 * found by the engine (kcmp) and dumped once, by the first process of the tree (parents before
 * children, lower fds first); the others are recorded with {@link HandleRecord#sameAs} and the
 * engine installs the restored file into them. A virtualizer sees each open file once.</li>
 * <li><b>Shared objects behind different open files</b> (the two ends of a pipe, several opens of
 * one FIFO) are the virtualizer's business: {@link HandleRecord#ino} names the object, and
 * {@link ProcessAccess#shared()} carries objects from one restore call to the next (e.g. the
 * executive-local fd of a pipe end made while restoring the other end).</li>
 * <li><b>Order.</b> Within a process, records are restored by ascending {@link #phase}, then in
 * image order: a handle that refers to other descriptors (epoll) returns a later phase.</li>
 * <li><b>Shipping.</b> State that is not small (file contents, buffered data) goes into the image
 * through {@link ProcessAccess#imageFile}; the engine checksums it and the image carries it to
 * the target host.</li>
 * <li><b>Errors.</b> A failure is a {@code VosException} naming the process, fd and object; any
 * other exception is wrapped by the engine with the handle named. A failed dump leaves the
 * program running; a failed restore leaves nothing behind.</li>
 * </ul>
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

    /**
     * Restore phase of a record: lower phases of a process are restored first. Objects that refer
     * to other descriptors of the process (an epoll set) return a phase after those (1).
     */
    default int phase(HandleRecord record) {
        return 0;
    }
}
