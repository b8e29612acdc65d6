package org.vos.itest.sample.internal;

import org.osgi.service.component.annotations.Component;
import org.vos.api.virt.Handle;
import org.vos.api.virt.HandleRecord;
import org.vos.api.virt.HandleVirtualizer;
import org.vos.api.virt.ProcessAccess;

/**
 * The sample of a hot-deployed resource class: claims only the made-up kind {@code sample},
 * which no real descriptor has, so it can be installed into any runtime without taking over
 * real handles. It records the handle's target and restores nothing.
 */
@Component(property = {HandleVirtualizer.NAME + "=sample", HandleVirtualizer.KINDS + "=sample"})
public class SampleVirtualizer implements HandleVirtualizer {
    @Override
    public boolean claims(Handle handle) {
        return "sample".equals(handle.kind);
    }

    @Override
    public String plan(Handle handle) {
        return "record sample handle " + handle.fd + " -> " + handle.target;
    }

    @Override
    public HandleRecord dump(ProcessAccess process, Handle handle) {
        HandleRecord r = new HandleRecord();
        r.pid = handle.pid;
        r.fd = handle.fd;
        r.kind = handle.kind;
        r.virtualizer = "sample";
        r.flags = handle.flags;
        r.props.put("target", handle.target);
        return r;
    }

    @Override
    public void restore(ProcessAccess process, HandleRecord record) {
        // a sample handle has no kernel object behind it
    }
}
