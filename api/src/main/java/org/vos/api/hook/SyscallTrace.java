package org.vos.api.hook;

import java.util.List;

import org.osgi.annotation.versioning.ProviderType;

/** The API trace kept by the hooks-trace bundle: a bounded buffer of calls per program. */
@ProviderType
public interface SyscallTrace {
    /**
     * Entries with {@code seq > since} of the program whose root has host pid {@code hostPid} now,
     * oldest first; empty when nothing was traced.
     */
    List<TraceEntry> entries(long hostPid, long since);
}
