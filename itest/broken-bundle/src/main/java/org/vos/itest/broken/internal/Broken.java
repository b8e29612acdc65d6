package org.vos.itest.broken.internal;

/** Content of the broken test bundle; the bundle never resolves, so this never loads. */
final class Broken {
    private Broken() {
    }
}
