package org.vos.itest;

import java.nio.file.Path;

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
}
