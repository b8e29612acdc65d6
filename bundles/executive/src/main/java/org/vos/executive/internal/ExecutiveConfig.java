package org.vos.executive.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** Configuration PID {@code org.vos.executive}; an empty value falls back to the framework property named. */
@ObjectClassDefinition(name = "vos executive", description = "The host this executive stands for.")
@interface ExecutiveConfig {
    String PID = "org.vos.executive";

    @AttributeDefinition(name = "Host name", description = "Name of this host in the domain, e.g. h1 (default: framework property vos.host.name, else the machine's host name).")
    String name() default "";

    @AttributeDefinition(name = "Address", description = "Address the executive's REST API is reached at (default: framework property vos.host.address, else 127.0.0.1).")
    String address() default "";

    @AttributeDefinition(name = "Port", description = "Port of the executive's REST API (default: framework property vos.http.port, else 7090).")
    int port() default 0;

    @AttributeDefinition(name = "Data directory", description = "Where the executive keeps logs and images (default: framework property vos.data.dir, else /var/lib/vos/data).")
    String dataDir() default "";
}
