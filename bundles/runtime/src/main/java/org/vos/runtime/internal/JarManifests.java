package org.vos.runtime.internal;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.jar.Attributes;
import java.util.jar.JarInputStream;
import java.util.jar.Manifest;

import org.vos.api.domain.VosException;

/** Checks that an upload is an OSGi bundle before the framework sees it. */
final class JarManifests {
    record Identity(String symbolicName, String version) {
    }

    private JarManifests() {
    }

    /** @throws VosException {@code not-a-bundle} (400) for anything but a jar with a symbolic name */
    static Identity identity(String fileName, byte[] bytes) {
        String name = fileName == null ? "the upload" : fileName;
        Manifest manifest;
        try (JarInputStream jar = new JarInputStream(new ByteArrayInputStream(bytes))) {
            manifest = jar.getManifest();
        } catch (IOException | SecurityException e) {
            throw new VosException(400, "not-a-bundle", name + " is not a bundle: not a jar (" + e.getMessage() + ")", null, e);
        }
        if (manifest == null) {
            throw new VosException(400, "not-a-bundle", name + " is not a bundle: " + (bytes.length == 0 ? "it is empty" : "no jar manifest"));
        }
        Attributes main = manifest.getMainAttributes();
        String bsn = main.getValue("Bundle-SymbolicName");
        if (bsn == null || bsn.isBlank()) {
            throw new VosException(400, "not-a-bundle", name + " is not a bundle: its manifest has no Bundle-SymbolicName");
        }
        String version = main.getValue("Bundle-Version");
        return new Identity(bsn.split(";")[0].trim(), version == null ? "0.0.0" : version.trim());
    }
}
