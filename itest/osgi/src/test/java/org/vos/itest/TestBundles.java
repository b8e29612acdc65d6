package org.vos.itest;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.JarEntry;
import java.util.jar.JarInputStream;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

/** The built test bundles (target/test-bundles), seen from inside the container. */
final class TestBundles {
    private TestBundles() {
    }

    /** e.g. {@code org.vos.itest.sample.jar} */
    static Path jar(String fileName) {
        String dir = System.getProperty("vos.itest.bundles");
        if (dir == null) {
            throw new IllegalStateException("system property vos.itest.bundles is not set (run the suites through Maven failsafe)");
        }
        return Path.of(dir, fileName);
    }

    /** A copy of a bundle jar whose manifest also imports {@code pkg}, which nobody exports. */
    static byte[] withImport(Path jar, String pkg) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (InputStream file = Files.newInputStream(jar); JarInputStream in = new JarInputStream(file)) {
            Manifest m = new Manifest(in.getManifest());
            String imports = m.getMainAttributes().getValue("Import-Package");
            m.getMainAttributes().putValue("Import-Package", (imports == null ? "" : imports + ",") + pkg + ";version=\"[1.0,2.0)\"");
            try (JarOutputStream copy = new JarOutputStream(out, m)) {
                for (JarEntry e = in.getNextJarEntry(); e != null; e = in.getNextJarEntry()) {
                    copy.putNextEntry(new JarEntry(e.getName()));
                    in.transferTo(copy);
                    copy.closeEntry();
                }
            }
        }
        return out.toByteArray();
    }
}
