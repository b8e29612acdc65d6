package org.vos.api.domain;

import java.util.List;

import org.osgi.annotation.versioning.ProviderType;
import org.vos.api.engine.ImageSummary;
import org.vos.api.model.CheckpointRequest;
import org.vos.api.model.ImageInfo;
import org.vos.api.model.MigrateRequest;
import org.vos.api.model.MigrationInfo;
import org.vos.api.model.ProcessInfo;
import org.vos.api.model.RestoreRequest;
import org.vos.api.model.RunRequest;

/** Managed processes: launch, observe, checkpoint, restore, migrate, end. */
@ProviderType
public interface Processes {
    List<ProcessInfo> list();

    /** @throws VosException {@code unknown-process} (404) */
    ProcessInfo get(String id);

    ProcessInfo run(RunRequest request);

    ImageInfo checkpoint(String id, CheckpointRequest request);

    ProcessInfo restore(RestoreRequest request);

    MigrationInfo migrate(String id, MigrateRequest request);

    List<MigrationInfo> migrations();

    void kill(String id);

    /** The program's output from byte {@code offset} on, across every host it lived on. */
    byte[] logs(String id, long offset);

    /**
     * Reads and verifies the image in {@code dir} on {@code host} (null: where it was written)
     * without restoring it: {@code vos image inspect}.
     *
     * @throws VosException {@code no-image} (404) when the host has no such directory
     */
    default ImageSummary image(String host, String dir) {
        throw VosException.notAvailable("image inspection");
    }
}
