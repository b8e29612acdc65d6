package org.vos.runtime.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;

import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vos.api.runtime.DomainToken;

/**
 * The domain token, read from a file ({@code vos up} creates it, mode 0600). The file is read
 * again when it changes, so a runtime started before the token existed picks it up later.
 */
@Component(service = DomainToken.class, configurationPid = FileDomainToken.PID, configurationPolicy = ConfigurationPolicy.OPTIONAL)
@Designate(ocd = FileDomainToken.Config.class)
public class FileDomainToken implements DomainToken {
    static final String PID = "org.vos.runtime.token";
    /** Framework property naming the token file when the configuration names none. */
    static final String FILE_PROPERTY = "vos.token.file";
    private static final Logger LOG = LoggerFactory.getLogger(FileDomainToken.class);

    @ObjectClassDefinition(name = "vos domain token", description = "Where the runtime reads the domain token that authorizes mutating REST calls.")
    public @interface Config {
        @AttributeDefinition(name = "Token file", description = "Path of the token file; empty means the framework property vos.token.file.")
        String file() default "";
    }

    private final Path file;
    private FileTime readAt;
    private String token;

    @Activate
    public FileDomainToken(BundleContext context, Config config) {
        this(resolve(config.file(), context.getProperty(FILE_PROPERTY)));
    }

    FileDomainToken(Path file) {
        this.file = file;
        if (file == null) {
            LOG.warn("no token file is configured: every mutating REST call will be refused");
        }
    }

    private static Path resolve(String configured, String fromFramework) {
        String f = configured != null && !configured.isBlank() ? configured : fromFramework;
        return f == null || f.isBlank() ? null : Path.of(f);
    }

    @Override
    public boolean matches(String candidate) {
        String expected = value();
        if (expected == null || candidate == null) {
            return false;
        }
        return MessageDigest.isEqual(expected.getBytes(StandardCharsets.UTF_8), candidate.trim().getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public synchronized String value() {
        if (file == null) {
            return null;
        }
        try {
            FileTime modified = Files.getLastModifiedTime(file);
            if (token == null || !modified.equals(readAt)) {
                String read = Files.readString(file, StandardCharsets.UTF_8).trim();
                token = read.isEmpty() ? null : read;
                readAt = modified;
            }
        } catch (IOException e) {
            // no file (yet): nothing matches until it exists
            token = null;
            readAt = null;
        }
        return token;
    }
}
