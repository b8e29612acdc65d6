package org.vos.interceptor.internal;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;

import org.vos.api.hook.SyscallHook;

/** One registered hook with its parsed service properties and counters. */
final class HookEntry {
    final SyscallHook hook;
    final long serviceId;
    final Set<Integer> syscalls;
    final List<Pattern> appliesTo;
    final String set;
    final int order;
    final AtomicLong calls = new AtomicLong();
    final AtomicLong errors = new AtomicLong();
    final AtomicLong timeouts = new AtomicLong();

    HookEntry(SyscallHook hook, long serviceId, Set<Integer> syscalls, List<Pattern> appliesTo, String set, int order) {
        this.hook = hook;
        this.serviceId = serviceId;
        this.syscalls = Set.copyOf(syscalls);
        this.appliesTo = List.copyOf(appliesTo);
        this.set = set;
        this.order = order;
    }

    /** From service properties; {@code defaultSet} names the set when vos.hook.set is absent. */
    static HookEntry of(SyscallHook hook, Map<String, ?> props, long serviceId, String defaultSet) {
        Set<Integer> nrs = new TreeSet<>();
        for (String name : strings(props.get(SyscallHook.SYSCALLS))) {
            int nr = Syscalls.nr(name.trim());
            if (nr < 0) {
                throw new IllegalArgumentException("unknown system call " + name + " in " + SyscallHook.SYSCALLS);
            }
            nrs.add(nr);
        }
        List<Pattern> globs = new ArrayList<>();
        for (String g : strings(props.get(SyscallHook.APPLIES_TO))) {
            globs.add(glob(g.trim()));
        }
        Object set = props.get(SyscallHook.HOOK_SET);
        Object order = props.get(SyscallHook.ORDER);
        int o = order instanceof Number n ? n.intValue() : order != null ? Integer.parseInt(order.toString().trim()) : 0;
        return new HookEntry(hook, serviceId, nrs, globs, set != null ? set.toString() : defaultSet, o);
    }

    static List<String> strings(Object v) {
        List<String> out = new ArrayList<>();
        if (v instanceof String s) {
            for (String p : s.split(",")) {
                if (!p.isBlank()) {
                    out.add(p.trim());
                }
            }
        } else if (v instanceof String[] a) {
            for (String s : a) {
                out.addAll(strings(s));
            }
        } else if (v instanceof Collection<?> c) {
            for (Object s : c) {
                out.addAll(strings(String.valueOf(s)));
            }
        }
        return out;
    }

    static Pattern glob(String g) {
        StringBuilder re = new StringBuilder();
        for (char c : g.toCharArray()) {
            switch (c) {
                case '*' -> re.append(".*");
                case '?' -> re.append('.');
                default -> re.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return Pattern.compile(re.toString());
    }

    /** Whether the hook applies to a program known by these executable names. */
    boolean appliesTo(Collection<String> names) {
        if (appliesTo.isEmpty()) {
            return true;
        }
        for (Pattern p : appliesTo) {
            for (String n : names) {
                if (n != null && p.matcher(n).matches()) {
                    return true;
                }
            }
        }
        return false;
    }
}
