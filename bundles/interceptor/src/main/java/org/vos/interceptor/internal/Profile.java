package org.vos.interceptor.internal;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A per-application profile: the hook sets it names apply only to the programs it matches
 * (unless another profile naming them matches). Hook sets no profile names are not restricted.
 */
record Profile(String name, List<Pattern> appliesTo, Set<String> hookSets) {
    static Profile of(String name, String[] appliesTo, String[] hookSets) {
        List<Pattern> globs = new ArrayList<>();
        for (String g : appliesTo == null ? new String[0] : appliesTo) {
            for (String s : HookEntry.strings(g)) {
                globs.add(HookEntry.glob(s));
            }
        }
        List<String> sets = new ArrayList<>();
        for (String s : hookSets == null ? new String[0] : hookSets) {
            sets.addAll(HookEntry.strings(s));
        }
        return new Profile(name, List.copyOf(globs), Set.copyOf(sets));
    }

    boolean matches(Collection<String> names) {
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
