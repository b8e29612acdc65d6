package org.vos.preflight.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * What a host offers a program's user state, from /proc (root injectable): kernel release, CPU
 * model, the CPU flags that matter to user code, and the xsave features and size derived from
 * them. Without CPUID access from Java, the xsave features are those the kernel enables for each
 * flag (x87, SSE always; AVX; AVX-512 opmask/ZMM; PKRU; AMX tiles) and the size is the end of the
 * last enabled component in the standard (non-compacted) layout, which is what
 * PTRACE_GETREGSET NT_X86_XSTATE returns (11008 bytes with AMX).
 */
final class Profiles {
    /** CPU flags whose code paths user programs pick at start (glibc ifuncs, JITs) or whose registers live in xsave. */
    static final List<String> USER_FLAGS = List.of("sse", "sse2", "ssse3", "sse4_1", "sse4_2", "popcnt", "movbe", "fma",
            "f16c", "bmi1", "bmi2", "adx", "erms", "fsrm", "sha_ni", "aes", "pclmulqdq", "vaes", "vpclmulqdq", "gfni",
            "xsave", "xsaveopt", "xsavec", "xsaves", "avx", "avx2", "avx_vnni", "avx512f", "avx512dq", "avx512cd",
            "avx512bw", "avx512vl", "avx512ifma", "avx512vbmi", "avx512_vbmi2", "avx512_vnni", "avx512_bitalg",
            "avx512_vpopcntdq", "avx512_bf16", "avx512_fp16", "amx_tile", "amx_int8", "amx_bf16", "pku", "ospke");

    /** xsave component groups: name, xfeatures bits, flag that enables them, end offset in the standard layout. */
    record Component(String name, long bits, String flag, int end) {
    }

    static final List<Component> COMPONENTS = List.of(
            new Component("x87+sse", 0x3, null, 576),
            new Component("avx (ymm)", 0x4, "avx", 832),
            new Component("avx512f (opmask, zmm_hi256, hi16_zmm)", 0xe0, "avx512f", 2688),
            new Component("ospke (pkru)", 0x200, "ospke", 2696),
            new Component("amx_tile (xtilecfg, xtiledata)", 0x60000, "amx_tile", 11008));

    private Profiles() {
    }

    /** This host's profile with {@code hidden} flags removed (to simulate a weaker host). */
    static Map<String, Object> probe(Path root, String host, Collection<String> hidden) {
        Map<String, Object> p = new LinkedHashMap<>();
        Path proc = root.resolve("proc");
        p.put("host", host);
        p.put("kernel_release", read(proc.resolve("sys/kernel/osrelease")).trim());
        Map<String, String> cpu = firstCpu(read(proc.resolve("cpuinfo")));
        p.put("cpu_model", cpu.getOrDefault("model name", ""));
        Set<String> all = new TreeSet<>(Arrays.asList(cpu.getOrDefault("flags", "").split("\\s+")));
        all.removeAll(hidden);
        List<String> flags = USER_FLAGS.stream().filter(all::contains).toList();
        p.put("cpu_flags", flags);
        long xf = xfeatures(all);
        p.put("xfeatures", "0x" + Long.toHexString(xf));
        p.put("xsave_size", xsaveSize(xf, all.contains("xsave")));
        p.put("page_size", pageSize(read(proc.resolve("self/smaps"))));
        p.put("hidden_cpu_flags", new ArrayList<>(new TreeSet<>(hidden)));
        return p;
    }

    static long xfeatures(Set<String> flags) {
        long x = 0;
        if (!flags.contains("xsave")) {
            return 0x3;
        }
        for (Component c : COMPONENTS) {
            if (c.flag == null || flags.contains(c.flag)) {
                x |= c.bits;
            }
        }
        return x;
    }

    static int xsaveSize(long xfeatures, boolean xsave) {
        if (!xsave) {
            return 512;
        }
        int end = 0;
        for (Component c : COMPONENTS) {
            if ((xfeatures & c.bits) == c.bits) {
                end = Math.max(end, c.end);
            }
        }
        return end;
    }

    /** Names of the component groups in {@code bits}. */
    static List<String> components(long bits) {
        List<String> out = new ArrayList<>();
        for (Component c : COMPONENTS) {
            if ((bits & c.bits) != 0) {
                out.add(c.name);
            }
        }
        return out;
    }

    static long pageSize(String smaps) {
        return smaps.lines().filter(l -> l.startsWith("KernelPageSize:")).findFirst()
                .map(l -> Long.parseLong(l.replaceAll("[^0-9]", "")) * 1024).orElse(4096L);
    }

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

    /** {@code "avx512f, amx_tile"} or {@code "avx512f amx_tile"} as a set; blanks ignored. */
    static Set<String> words(String s) {
        Set<String> out = new TreeSet<>();
        if (s != null) {
            for (String w : s.split("[,\\s]+")) {
                if (!w.isBlank()) {
                    out.add(w.trim());
                }
            }
        }
        return out;
    }

    static String read(Path p) {
        try {
            return Files.readString(p);
        } catch (IOException | RuntimeException e) {
            return "";
        }
    }
}
