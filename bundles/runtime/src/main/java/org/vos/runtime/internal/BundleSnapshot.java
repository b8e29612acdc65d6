package org.vos.runtime.internal;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.util.Enumeration;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

import org.osgi.framework.Bundle;

/**
 * The content of an installed bundle as a jar again (its own entries, not its fragments'), kept
 * before an update so that a failed update can be rolled back.
 */
final class BundleSnapshot {
    private BundleSnapshot() {
    }

    /** @return the jar bytes, or null when the bundle's entries cannot be read */
    static byte[] of(Bundle bundle) {
        URL manifest = bundle.getEntry("META-INF/MANIFEST.MF");
        if (manifest == null) {
            return null;
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (InputStream in = manifest.openStream(); JarOutputStream jar = new JarOutputStream(bytes, new Manifest(in))) {
            copy(bundle, "/", jar);
        } catch (IOException | IllegalStateException e) {
            return null;
        }
        return bytes.toByteArray();
    }

    private static void copy(Bundle bundle, String dir, JarOutputStream jar) throws IOException {
        Enumeration<String> paths = bundle.getEntryPaths(dir);
        if (paths == null) {
            return;
        }
        while (paths.hasMoreElements()) {
            String path = paths.nextElement();
            if (path.equals("META-INF/MANIFEST.MF")) {
                continue; // written first by the JarOutputStream
            }
            if (path.endsWith("/")) {
                if (!path.equals("META-INF/")) { // written with the manifest
                    jar.putNextEntry(new JarEntry(path));
                    jar.closeEntry();
                }
                copy(bundle, path, jar);
            } else {
                jar.putNextEntry(new JarEntry(path));
                URL entry = bundle.getEntry(path);
                try (InputStream in = entry.openStream()) {
                    in.transferTo(jar);
                }
                jar.closeEntry();
            }
        }
    }
}
