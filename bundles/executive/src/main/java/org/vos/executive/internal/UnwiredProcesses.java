package org.vos.executive.internal;

import java.util.List;

import org.osgi.service.component.annotations.Component;
import org.vos.api.domain.Processes;
import org.vos.api.domain.VosException;
import org.vos.api.model.CheckpointRequest;
import org.vos.api.model.ImageInfo;
import org.vos.api.model.MigrateRequest;
import org.vos.api.model.MigrationInfo;
import org.vos.api.model.ProcessInfo;
import org.vos.api.model.RestoreRequest;
import org.vos.api.model.RunRequest;

/**
 * Process management of an executive until the engine is wired in: every call answers 501.
 * Kept apart so that the engine-backed implementation replaces this one class.
 */
@Component(service = Processes.class)
public class UnwiredProcesses implements Processes {
    private static final String WHAT = "process management";

    @Override
    public List<ProcessInfo> list() {
        throw VosException.notAvailable(WHAT);
    }

    @Override
    public ProcessInfo get(String id) {
        throw VosException.notAvailable(WHAT);
    }

    @Override
    public ProcessInfo run(RunRequest request) {
        throw VosException.notAvailable(WHAT);
    }

    @Override
    public ImageInfo checkpoint(String id, CheckpointRequest request) {
        throw VosException.notAvailable(WHAT);
    }

    @Override
    public ProcessInfo restore(RestoreRequest request) {
        throw VosException.notAvailable(WHAT);
    }

    @Override
    public MigrationInfo migrate(String id, MigrateRequest request) {
        throw VosException.notAvailable(WHAT);
    }

    @Override
    public List<MigrationInfo> migrations() {
        throw VosException.notAvailable(WHAT);
    }

    @Override
    public void kill(String id) {
        throw VosException.notAvailable(WHAT);
    }

    @Override
    public byte[] logs(String id, long offset) {
        throw VosException.notAvailable(WHAT);
    }
}
