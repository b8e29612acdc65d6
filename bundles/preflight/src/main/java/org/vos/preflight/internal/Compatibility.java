package org.vos.preflight.internal;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

import org.vos.api.preflight.PlanItem;

/**
 * Compares what a program needs (its source host's xsave features and size, CPU flags, page size
 * and the virtualizers of its descriptors) with what a target host offers ({@code profile}).
 * A program keeps the code paths it picked at start for the CPU it started on (glibc ifuncs, JITs)
 * and the image carries the source's whole xsave area: a target without one of them would fault
 * or refuse the registers.
 */
final class Compatibility {
    private Compatibility() {
    }

    static List<PlanItem> compare(Map<String, Object> needs, Map<String, Object> target, String strategy) {
        List<PlanItem> out = new ArrayList<>();
        String to = String.valueOf(target.get("host"));
        long need = hex(needs.get("xfeatures"));
        long have = hex(target.get("xfeatures"));
        long missing = need & ~have;
        if (missing != 0) {
            out.add(block("cpu", "xsave features 0x" + Long.toHexString(need) + " (" + String.join(", ", Profiles.components(need)) + ")",
                    "host " + to + " lacks CPU state " + String.join(", ", Profiles.components(missing)) + " (it has 0x"
                            + Long.toHexString(have) + "): the program's registers could not be loaded there",
                    "migrate to a host with these CPU features"));
        } else if (num(needs.get("xsave_size")) > num(target.get("xsave_size"))) {
            out.add(block("cpu", "xsave area of " + num(needs.get("xsave_size")) + " bytes",
                    "host " + to + " has an xsave area of " + num(target.get("xsave_size")) + " bytes only", null));
        }
        TreeSet<String> lacking = new TreeSet<>(strings(needs.get("cpu_flags")));
        lacking.removeAll(strings(target.get("cpu_flags")));
        if (target.get("cpu_flags") != null && !lacking.isEmpty()) {
            out.add(block("cpu", "CPU flags " + String.join(" ", lacking),
                    "host " + to + " lacks CPU flags " + String.join(", ", lacking)
                            + ": the program may have chosen code for them at start (glibc ifuncs) and would fault there (SIGILL)",
                    "migrate to a host with these CPU features, or start the program there"));
        }
        if (num(needs.get("page_size")) != num(target.get("page_size"))) {
            out.add(block("page", "page size " + num(needs.get("page_size")),
                    "host " + to + " has pages of " + num(target.get("page_size")) + " bytes", null));
        }
        Object vs = target.get("virtualizers");
        if (vs instanceof Map<?, ?> offered) {
            for (String v : strings(needs.get("virtualizers"))) {
                if (!offered.containsKey(v) && !"files".equals(v)) {
                    String bundle = bundleOf(needs, v);
                    out.add(block("kernel", "virtualizer " + v,
                            "host " + to + " has no virtualizer " + v + " to restore the program's descriptors",
                            bundle == null ? null : "start bundle " + bundle + " on " + to));
                }
            }
        }
        Object ss = target.get("strategies");
        if (ss instanceof Map<?, ?> strategies && strategy != null && !strategies.isEmpty() && !strategies.containsKey(strategy)) {
            out.add(info("kernel", "strategy " + strategy, "host " + to + " has no strategy bundle " + strategy
                    + " (the source drives the strategy; noted only)"));
        }
        String kr = String.valueOf(needs.get("kernel_release"));
        if (!kr.equals(String.valueOf(target.get("kernel_release")))) {
            out.add(info("kernel", "kernel " + kr, "host " + to + " runs kernel " + target.get("kernel_release")
                    + ": vdso and vvar may sit elsewhere (moved at restore)"));
        }
        return out;
    }

    private static String bundleOf(Map<String, Object> needs, String virtualizer) {
        Object m = needs.get("virtualizer_bundles");
        return m instanceof Map<?, ?> b && b.get(virtualizer) != null ? b.get(virtualizer).toString() : null;
    }

    private static PlanItem block(String kind, String what, String reason, String remedy) {
        PlanItem i = new PlanItem();
        i.kind = kind;
        i.what = what;
        i.blocker = true;
        i.reason = reason;
        i.remedy = remedy;
        return i;
    }

    private static PlanItem info(String kind, String what, String action) {
        PlanItem i = new PlanItem();
        i.kind = kind;
        i.what = what;
        i.action = action;
        return i;
    }

    static long hex(Object o) {
        if (o == null) {
            return 0;
        }
        String s = o.toString().trim();
        try {
            return s.startsWith("0x") ? Long.parseUnsignedLong(s.substring(2), 16) : (long) Double.parseDouble(s);
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    static long num(Object o) {
        if (o instanceof Number n) {
            return n.longValue();
        }
        try {
            return o == null ? 0 : (long) Double.parseDouble(o.toString());
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    static Collection<String> strings(Object o) {
        List<String> out = new ArrayList<>();
        if (o instanceof Collection<?> c) {
            for (Object x : c) {
                out.add(String.valueOf(x));
            }
        }
        return out;
    }
}
