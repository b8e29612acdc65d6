package org.vos.virt.kernel.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;

import org.junit.jupiter.api.Test;

/** The fdinfo formats of this kernel (6.18), parsed without a process. */
class CallsTest {
    @Test
    void epollTargetLine() {
        String l = "tfd:        5 events: 80000019 data: 5555666677778888  pos:0 ino:3d5 sdev:f";
        assertEquals("5", Calls.field(l, "tfd"));
        assertEquals("80000019", Calls.field(l, "events"));
        assertEquals("5555666677778888", Calls.field(l, "data"));
        assertNull(Calls.field(l, "nothing"));
    }

    @Test
    void inotifyWatchLine() {
        String l = "inotify wd:1 ino:3ec sdev:800001 mask:300 ignored_mask:0 fhandle-bytes:8 fhandle-type:1 f_handle:ec03000011e31cd9";
        assertEquals("1", Calls.field(l, "wd"));
        assertEquals("800001", Calls.field(l, "sdev"));
        assertEquals("300", Calls.field(l, "mask"));
        assertEquals("ec03000011e31cd9", Calls.field(l, "f_handle"));
    }

    @Test
    void timerfdPairs() {
        assertArrayEquals(new long[] {0, 50000000}, Calls.pair("(0, 50000000)"));
        assertArrayEquals(new long[] {12, 7}, Calls.pair(" (12, 7) "));
    }

    @Test
    void linesByPrefix() {
        List<String> all = List.of("pos:\t0", "tfd: 1 events: 1 data: 1", "tfd: 2 events: 4 data: 2");
        assertEquals(2, Calls.lines(all, "tfd:").size());
    }
}
