package org.vos.linux.internal;

import com.sun.jna.Memory;
import com.sun.jna.Pointer;

/** Native scratch buffers; the JNA side of the byte[]-based public API. */
public final class Mem {
    private Mem() {
    }

    public static Memory of(byte[] data) {
        Memory m = new Memory(Math.max(1, data.length));
        m.write(0, data, 0, data.length);
        return m;
    }

    public static Memory zeroed(int size) {
        Memory m = new Memory(Math.max(1, size));
        m.clear();
        return m;
    }

    public static long addr(Pointer p) {
        return p == null ? 0 : Pointer.nativeValue(p);
    }
}
