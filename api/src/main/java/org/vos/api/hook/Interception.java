package org.vos.api.hook;

import org.osgi.annotation.versioning.ProviderType;

/**
 * One program's filter, from {@link Interceptor#prepare} to the program's end. The engine installs
 * {@link #program()} with {@code seccomp(SECCOMP_SET_MODE_FILTER, SECCOMP_FILTER_FLAG_NEW_LISTENER)}
 * inside the stopped program, takes the listener with {@code pidfd_getfd}, closes the program's
 * copy and hands it over with {@link #attached}. Until {@link #started} the notified calls are the
 * engine's own injected calls (restore): they are let through without running any hook.
 */
@ProviderType
public interface Interception {
    /** Classic BPF: {@code struct sock_filter[]}, 8 bytes each, little endian. */
    byte[] program();

    /** The listener descriptor, now a descriptor of this JVM; the interception owns and closes it. */
    void attached(long hostPid, int listenerFd);

    /** The program runs its own code from now on: hooks see its calls. */
    void started();

    /** The filter was not installed or the program did not start: release everything. */
    void abandoned(String reason);
}
