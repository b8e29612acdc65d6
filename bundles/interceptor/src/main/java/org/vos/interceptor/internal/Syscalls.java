package org.vos.interceptor.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;

/** x86_64 system call names and numbers (from asm/unistd_64.h, shipped as a resource). */
final class Syscalls {
    private static final Map<String, Integer> BY_NAME = new HashMap<>();
    private static final String[] BY_NR = new String[1024];

    static {
        Properties p = new Properties();
        try (InputStream in = Syscalls.class.getResourceAsStream("syscalls-x86_64.properties")) {
            p.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException("syscall table missing", e);
        }
        p.forEach((k, v) -> {
            int nr = Integer.parseInt(v.toString().trim());
            BY_NAME.put(k.toString(), nr);
            if (nr >= 0 && nr < BY_NR.length) {
                BY_NR[nr] = k.toString();
            }
        });
    }

    private Syscalls() {
    }

    /** Number of {@code name}, -1 when x86_64 has no such call. */
    static int nr(String name) {
        Integer n = BY_NAME.get(name);
        return n == null ? -1 : n;
    }

    static String name(int nr) {
        String n = nr >= 0 && nr < BY_NR.length ? BY_NR[nr] : null;
        return n == null ? "syscall_" + nr : n;
    }
}
