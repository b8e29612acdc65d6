package org.vos.hooks.trace.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.vos.api.hook.SyscallEvent;
import org.vos.api.hook.SyscallResult;
import org.vos.api.hook.TraceEntry;

/** Decoding and the bounded buffer, against a fake event (memory as a map of addresses). */
class TraceHookTest {
    static SyscallEvent event(String name, long hostPid, Map<Long, byte[]> mem, long... args) {
        return new SyscallEvent() {
            public String processId() {
                return "p" + hostPid;
            }

            public long hostPid() {
                return hostPid;
            }

            public long pid() {
                return hostPid;
            }

            public int nr() {
                return 0;
            }

            public String name() {
                return name;
            }

            public long arg(int i) {
                return i < args.length ? args[i] : 0;
            }

            public byte[] read(long address, int length) {
                byte[] b = mem.get(address);
                return java.util.Arrays.copyOf(b, Math.min(length, b.length));
            }

            public String readString(long address, int max) {
                String s = new String(mem.get(address), StandardCharsets.UTF_8);
                int z = s.indexOf('\0');
                return z >= 0 ? s.substring(0, z) : s;
            }

            public void write(long address, byte[] data) {
            }
        };
    }

    private static void call(TraceHook h, SyscallEvent e, SyscallResult r) {
        h.handle(e);
        h.answered(e, r);
    }

    @Test
    void decodesWritesSleepsAndOpens() {
        TraceHook h = new TraceHook(100);
        byte[] ts = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN).putLong(0).putLong(50_000_000).array();
        Map<Long, byte[]> mem = Map.of(0x1000L, "tick 3\n".getBytes(StandardCharsets.UTF_8), 0x2000L, ts,
                0x3000L, "/etc/hosts\0".getBytes(StandardCharsets.UTF_8));
        call(h, event("write", 42, mem, 1, 0x1000, 7), SyscallResult.proceed());
        call(h, event("clock_nanosleep", 42, mem, 1, 0, 0x2000, 0), SyscallResult.proceed());
        call(h, event("openat", 42, mem, -100, 0x3000, 02000000), SyscallResult.error(2));
        List<TraceEntry> t = h.entries(42, 0);
        assertEquals("1, \"tick 3\\n\", 7", t.get(0).args);
        assertEquals("proceed", t.get(0).result);
        assertEquals("CLOCK_MONOTONIC, 0, {0, 50000000}", t.get(1).args);
        assertEquals("AT_FDCWD, \"/etc/hosts\", O_RDONLY|O_CLOEXEC", t.get(2).args);
        assertEquals("errno 2", t.get(2).result);
        assertEquals(List.of(2L, 3L), h.entries(42, 1).stream().map(x -> x.seq).toList());
        assertEquals(List.of(), h.entries(43, 0));
    }

    @Test
    void keepsTheNewestEntriesOnly() {
        TraceHook h = new TraceHook(10);
        Map<Long, byte[]> mem = Map.of(0x1000L, "x".getBytes(StandardCharsets.UTF_8));
        for (int i = 0; i < 25; i++) {
            call(h, event("write", 7, mem, 1, 0x1000, 1), SyscallResult.proceed());
        }
        List<TraceEntry> t = h.entries(7, 0);
        assertEquals(10, t.size());
        assertEquals(16, t.get(0).seq);
        assertEquals(25, t.get(9).seq);
    }
}
