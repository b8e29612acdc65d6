package org.vos.migration.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** Configuration PID {@code org.vos.migration}; empty values fall back to the framework properties named. */
@ObjectClassDefinition(name = "vos transfers", description = "The executive's image stream listener and sender (docs/migration.md).")
@interface TransferConfig {
    String PID = "org.vos.migration";

    @AttributeDefinition(name = "Port", description = "TCP port of the transfer listener (default: framework property vos.transfer.port, else 7091).")
    int port() default 0;

    @AttributeDefinition(name = "Address", description = "Address the listener binds to (default: framework property vos.host.address, else 127.0.0.1).")
    String address() default "";

    @AttributeDefinition(name = "Data directory", description = "Staging of incoming and outgoing images under incoming/ and outgoing/ (default: framework property vos.data.dir, else /var/lib/vos/data).")
    String dataDir() default "";

    @AttributeDefinition(name = "I/O timeout (ms)", description = "A stream that makes no progress for this long is cut, and the migration fails.")
    int ioTimeoutMs() default 20000;

    @AttributeDefinition(name = "Restore timeout (ms)", description = "How long the source waits for the target to restore the program.")
    int restoreTimeoutMs() default 120000;

    @AttributeDefinition(name = "Commit timeout (ms)", description = "How long the target waits for the source's commit before it undoes the restore.")
    int commitTimeoutMs() default 20000;

    @AttributeDefinition(name = "Test fault: corrupt byte", description = "For tests only: the next stream this host sends has the byte at this offset flipped after its checksum was taken (the target must refuse it). Negative: off. Used once per configuration.")
    long testCorruptByte() default -1;
}
