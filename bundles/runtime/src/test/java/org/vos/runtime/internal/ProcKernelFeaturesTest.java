package org.vos.runtime.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The probe against fake /proc trees: a current kernel and an old one without the newer calls. */
class ProcKernelFeaturesTest {
    @TempDir
    Path root;

    private void write(String path, String content) throws IOException {
        Path p = root.resolve(path);
        Files.createDirectories(p.getParent());
        Files.writeString(p, content);
    }

    @Test
    void currentKernel() throws IOException {
        write("proc/sys/kernel/osrelease", "6.18.44-fc\n");
        write("proc/self/smaps", "00400000-00401000 r-xp 00000000 08:01 1 /bin/x\nSize: 4 kB\nKernelPageSize:        4 kB\n");
        write("proc/cpuinfo", "processor\t: 0\nmodel name\t: Test CPU\nflags\t\t: fpu sse xsave avx avx2 xsaves\n\n"
                + "processor\t: 1\nmodel name\t: Test CPU\nflags\t\t: fpu\n\n");
        write("proc/meminfo", "MemTotal:       1024 kB\n");
        write("proc/sys/kernel/seccomp/actions_avail", "kill_process kill_thread trap errno user_notif trace log allow\n");
        write("proc/self/ns/time", "");
        write("proc/self/ns/pid", "");
        write("proc/sys/kernel/ns_last_pid", "100\n");
        write("proc/sys/vm/unprivileged_userfaultfd", "0\n");
        write("proc/sys/kernel/yama/ptrace_scope", "1\n");
        Map<String, Object> f = new ProcKernelFeatures(root).features();
        assertEquals("6.18.44-fc", f.get("kernel_release"));
        assertEquals(4096L, f.get("page_size"));
        assertEquals("Test CPU", f.get("cpu_model"));
        assertEquals(2, f.get("cpu_count"));
        assertEquals(List.of("fpu", "xsave", "xsaves", "avx", "avx2"), f.get("cpu_flags"));
        assertEquals(true, f.get("cpu_avx2"));
        assertEquals(false, f.get("cpu_avx512f"));
        assertEquals(1024L * 1024, f.get("mem_total_bytes"));
        assertEquals(1, f.get("ptrace_scope"));
        for (String yes : List.of("seccomp_user_notif", "time_ns", "pid_ns", "pidfd_getfd", "clone3_set_tid", "seccomp_sync_wakeup",
                "pagemap_scan", "uffd_wp_async", "ns_last_pid")) {
            assertEquals(true, f.get(yes), yes);
        }
        assertEquals(false, f.get("net_ns"));
        assertTrue(new ProcKernelFeatures(root).has("pidfd_getfd"));
    }

    @Test
    void oldKernelLacksTheNewerCalls() throws IOException {
        write("proc/sys/kernel/osrelease", "5.4.0-generic\n");
        write("proc/sys/kernel/seccomp/actions_avail", "kill_process errno trace allow\n");
        Map<String, Object> f = new ProcKernelFeatures(root).features();
        assertEquals(5, f.get("kernel_major"));
        assertEquals(true, f.get("clone3"));
        assertEquals(false, f.get("clone3_set_tid"));
        assertEquals(false, f.get("pidfd_getfd"));
        assertEquals(false, f.get("seccomp_user_notif"));
        assertEquals(false, f.get("seccomp_addfd"));
        assertEquals(false, f.get("time_ns"));
        assertEquals(4096L, f.get("page_size"), "default when smaps is unreadable");
        assertFalse(new ProcKernelFeatures(root).has("pagemap_scan"));
    }

    @Test
    void theRealMachineAnswers() {
        Map<String, Object> f = new ProcKernelFeatures().features();
        assertFalse(((String) f.get("kernel_release")).isEmpty());
        assertTrue((Long) f.get("page_size") >= 4096);
    }
}
