package org.vos.manager.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** Configuration PID {@code org.vos.manager}. */
@ObjectClassDefinition(name = "vos manager", description = "The domain's host registry and its heartbeats.")
@interface ManagerConfig {
    String PID = "org.vos.manager";

    @AttributeDefinition(name = "Data directory", description = "Where the registered hosts are kept across restarts (default: framework property vos.data.dir; empty: not kept).")
    String dataDir() default "";

    @AttributeDefinition(name = "Heartbeat interval (ms)", description = "How often each executive is polled.")
    long heartbeatIntervalMs() default 1000;

    @AttributeDefinition(name = "Down after (ms)", description = "A host that has not answered for this long is down.")
    long downAfterMs() default 3000;

    @AttributeDefinition(name = "Request timeout (ms)", description = "Limit of one heartbeat request.")
    long requestTimeoutMs() default 1000;
}
