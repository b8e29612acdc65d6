package org.vos.runtime.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.vos.api.runtime.KernelFeatures;

/**
 * Kernel and CPU features, probed once from /proc (the root is injectable so that the probe is
 * tested against fake trees). Presence checks read files; system calls that leave no trace in
 * /proc are judged by the kernel release that introduced them.
 */
@Component(service = KernelFeatures.class)
public class ProcKernelFeatures implements KernelFeatures {
    /** CPU flags that matter for saving and restoring register state. */
    static final List<String> CPU_FLAGS = List.of("fpu", "fxsr", "xsave", "xsaveopt", "xsavec", "xsaves", "avx", "avx2",
            "avx512f", "pku", "la57");
    private static final Pattern RELEASE = Pattern.compile("^(\\d+)\\.(\\d+)");

    private final Map<String, Object> features;

    @Activate
    public ProcKernelFeatures() {
        this(Path.of("/"));
    }

    ProcKernelFeatures(Path root) {
        this.features = Collections.unmodifiableMap(probe(root));
    }

    @Override
    public Map<String, Object> features() {
        return features;
    }

    static Map<String, Object> probe(Path root) {
        Map<String, Object> f = new LinkedHashMap<>();
        Path proc = root.resolve("proc");
        String release = read(proc.resolve("sys/kernel/osrelease")).trim();
        f.put("kernel_release", release);
        f.put("arch", System.getProperty("os.arch"));
        int[] v = version(release);
        f.put("kernel_major", v[0]);
        f.put("kernel_minor", v[1]);
        f.put("page_size", pageSize(read(proc.resolve("self/smaps"))));
        Map<String, String> cpu = firstCpu(read(proc.resolve("cpuinfo")));
        f.put("cpu_model", cpu.getOrDefault("model name", ""));
        f.put("cpu_count", (int) read(proc.resolve("cpuinfo")).lines().filter(l -> l.startsWith("processor")).count());
        Set<String> flags = new TreeSet<>(Arrays.asList(cpu.getOrDefault("flags", "").split("\\s+")));
        List<String> relevant = CPU_FLAGS.stream().filter(flags::contains).toList();
        f.put("cpu_flags", relevant);
        for (String flag : List.of("xsave", "avx", "avx2", "avx512f")) {
            f.put("cpu_" + flag, flags.contains(flag));
        }
        f.put("mem_total_bytes", memTotal(read(proc.resolve("meminfo"))));
        f.put("seccomp_user_notif", read(proc.resolve("sys/kernel/seccomp/actions_avail")).contains("user_notif"));
        for (String ns : List.of("pid", "net", "mnt", "uts", "ipc", "user", "cgroup", "time")) {
            f.put(ns + "_ns", Files.exists(proc.resolve("self/ns/" + ns), LinkOption.NOFOLLOW_LINKS));
        }
        f.put("ns_last_pid", Files.exists(proc.resolve("sys/kernel/ns_last_pid")));
        f.put("userfaultfd", Files.exists(proc.resolve("sys/vm/unprivileged_userfaultfd")));
        String scope = read(proc.resolve("sys/kernel/yama/ptrace_scope")).trim();
        f.put("ptrace_scope", scope.isEmpty() ? 0 : Integer.parseInt(scope));
        // no /proc trace: the release that brought them
        f.put("pidfd_open", atLeast(v, 5, 3));
        f.put("clone3", atLeast(v, 5, 3));
        f.put("clone3_set_tid", atLeast(v, 5, 5));
        f.put("pidfd_getfd", atLeast(v, 5, 6));
        f.put("seccomp_addfd", atLeast(v, 5, 9) && (Boolean) f.get("seccomp_user_notif"));
        f.put("seccomp_sync_wakeup", atLeast(v, 6, 6) && (Boolean) f.get("seccomp_user_notif"));
        f.put("pagemap_scan", atLeast(v, 6, 7));
        f.put("uffd_wp_async", atLeast(v, 6, 7) && (Boolean) f.get("userfaultfd"));
        f.put("rseq_config", atLeast(v, 5, 13));
        return f;
    }

    static int[] version(String release) {
        Matcher m = RELEASE.matcher(release);
        return m.find() ? new int[] {Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2))} : new int[] {0, 0};
    }

    private static boolean atLeast(int[] v, int major, int minor) {
        return v[0] > major || (v[0] == major && v[1] >= minor);
    }

    /** KernelPageSize of the first mapping, in bytes; 4096 when smaps cannot be read. */
    static long pageSize(String smaps) {
        return smaps.lines().filter(l -> l.startsWith("KernelPageSize:")).findFirst()
                .map(l -> Long.parseLong(l.replaceAll("[^0-9]", "")) * 1024).orElse(4096L);
    }

    static long memTotal(String meminfo) {
        return meminfo.lines().filter(l -> l.startsWith("MemTotal:")).findFirst()
                .map(l -> Long.parseLong(l.replaceAll("[^0-9]", "")) * 1024).orElse(0L);
    }

    /** The key/value lines of the first processor block of /proc/cpuinfo. */
    static Map<String, String> firstCpu(String cpuinfo) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String line : cpuinfo.split("\n")) {
            if (line.isBlank()) {
                if (!out.isEmpty()) {
                    break;
                }
                continue;
            }
            int colon = line.indexOf(':');
            if (colon > 0) {
                out.putIfAbsent(line.substring(0, colon).trim(), line.substring(colon + 1).trim());
            }
        }
        return out;
    }

    private static String read(Path p) {
        try {
            return Files.readString(p, StandardCharsets.UTF_8);
        } catch (IOException | RuntimeException e) {
            return "";
        }
    }
}
