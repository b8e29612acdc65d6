package org.vos.api.hook;

import java.util.List;

import org.osgi.annotation.versioning.ProviderType;

/**
 * The interception service of an executive (bundle {@code org.vos.interceptor}), used by the
 * engine at launch and restore and by the executive to show hook sets. Optional: without it no
 * program gets a filter.
 */
@ProviderType
public interface Interceptor {
    /**
     * Called by the engine before a program runs any of its own code (launch: before the exec;
     * restore: before the image is loaded). Returns the seccomp program to install, or null when
     * no hook applies, in which case the program gets no filter at all.
     *
     * @param command the program's argv (as launched)
     * @param exe absolute path of its executable when known (restore), else null
     */
    Interception prepare(List<String> command, String exe);

    /** Names of the hook sets active on the process with this host pid; empty when none. */
    List<String> hookSets(long hostPid);
}
