package org.vos.api.engine;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Launch, checkpoint and restore of process trees on this host. Every method is thread-safe and
 * may block (a checkpoint of 1 GiB takes about a second). Processes are named by the host pid of
 * the program (the root of the tree, not vos's init helper). Failures raise
 * {@link org.vos.api.domain.VosException} with a stable code:
 * {@code unknown-process} (404), {@code image-exists} (409), {@code image-corrupt} (422),
 * {@code unsupported-handle} (422, names fd and kind), {@code pid-taken} (409),
 * {@code launch-failed}/{@code checkpoint-failed}/{@code restore-failed} (500).
 */
@ProviderType
public interface Engine {

    /**
     * Starts {@code spec.command} under a vos init as pid 2 of a fresh pid + time namespace, with
     * ADDR_NO_RANDOMIZE, stdin from /dev/null and stdout/stderr appended to {@code spec.logFile}.
     * Returns once the program has been exec'd.
     */
    ManagedProcess launch(LaunchSpec spec);

    /**
     * Freezes the whole tree of {@code hostPid}, writes its image into {@code dir} (created; must
     * not exist or be empty) and then kills the tree, or resumes it when {@code leaveRunning}.
     * Works on processes vos did not launch too (they are restored at their pid when it is free).
     * When it fails the program keeps running and {@code dir} holds no valid image.
     */
    CheckpointResult checkpoint(long hostPid, Path dir, boolean leaveRunning);

    /**
     * Verifies every checksum of the image in {@code dir}, then recreates the tree with its pids
     * in a new namespace and resumes it. {@code logFile}, if not null, replaces the log path
     * recorded at launch (descriptors that pointed at the old log now point at it). Nothing is
     * left behind when it fails.
     */
    ManagedProcess restore(Path dir, Path logFile);

    /** Kills the tree of {@code hostPid} (SIGKILL to its init) and waits until it is gone. */
    void kill(long hostPid);

    /** Sends {@code signal} to the program itself (not its init). */
    void signal(long hostPid, int signal);

    /** Processes launched or restored by this engine, running or exited, oldest first. */
    List<ManagedProcess> list();

    /** @throws org.vos.api.domain.VosException {@code unknown-process} */
    ManagedProcess inspect(long hostPid);

    /**
     * Waits up to {@code timeout} for the program to exit; returns its exit status (128+signal
     * when killed by a signal), or null while it still runs.
     */
    Integer waitFor(long hostPid, Duration timeout);

    /** Reads and verifies the image in {@code dir} without restoring it (for `vos image inspect`). */
    ImageSummary inspectImage(Path dir);

    /**
     * For a migration transaction: like {@link #checkpoint} but the tree stays frozen once the
     * image is complete, until {@link #resume} (the migration failed: the program continues where
     * it was) or {@link #discard} (the target runs it now). {@code strategy} chooses per region
     * whether pages travel ({@code null}: the engine's default). When it fails the program keeps
     * running and {@code dir} holds no valid image.
     *
     * @throws org.vos.api.domain.VosException {@code not-available} (501) from an engine without it
     */
    default CheckpointResult freeze(long hostPid, Path dir, org.vos.api.strategy.MigrationStrategy strategy) {
        throw org.vos.api.domain.VosException.notAvailable("keeping a program frozen after its checkpoint (Engine.freeze)");
    }

    /** Lets a tree frozen by {@link #freeze} run on from where it was. */
    default void resume(long hostPid) {
        throw org.vos.api.domain.VosException.notAvailable("resuming a frozen program (Engine.resume)");
    }

    /** Ends a tree frozen by {@link #freeze} (its image lives on elsewhere). */
    default void discard(long hostPid) {
        throw org.vos.api.domain.VosException.notAvailable("discarding a frozen program (Engine.discard)");
    }
}
