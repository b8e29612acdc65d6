package org.vos.api.hook;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Intercepts system calls of the managed programs it applies to. Registered as a service
 * (whiteboard) with the properties below; the interceptor builds each program's seccomp filter
 * from the syscalls of the hooks that apply to it, so a call no hook names never leaves the
 * kernel, and a program no hook applies to gets no filter at all.
 *
 * <p>Hooks of one call run in {@link #ORDER}; the first one whose {@link #test} accepts the call
 * and whose {@link #handle} answers something other than {@link SyscallResult#proceed()} decides,
 * the later ones are not asked. A hook that throws lets the call proceed; a hook that runs longer
 * than the interceptor's timeout (default 2 s) is answered for: the call proceeds. Both are logged
 * and counted per hook. When a starting or stopping hook changes the set of system calls a running
 * program needs, the program is moved into a fresh instance with the new filter (a local
 * checkpoint and restore, see docs/interception.md); it keeps its vos id, pid, descriptors and
 * output.
 */
@ConsumerType
public interface SyscallHook {
    /** Service property: system call names the hook intercepts (String+), e.g. {@code openat}. */
    String SYSCALLS = "vos.hook.syscalls";
    /**
     * Service property: globs ({@code *}, {@code ?}) on the executable name (file name of
     * argv[0] or of the executable) the hook applies to (String+); absent means every program.
     */
    String APPLIES_TO = "vos.hook.appliesTo";
    /** Service property: name of the hook set the hook belongs to, shown per process (`vos ps`). */
    String HOOK_SET = "vos.hook.set";
    /** Service property (Integer): lower runs first among the hooks of one call; default 0. */
    String ORDER = "vos.hook.order";

    /** Whether this hook wants the call; a cheap argument predicate. */
    default boolean test(SyscallEvent event) {
        return true;
    }

    /**
     * Answers the call. Runs on the interceptor's notification thread of the program: keep it
     * short, the calling thread waits.
     */
    SyscallResult handle(SyscallEvent event);

    /**
     * After the call was answered: {@code result} is what the program got (the answer of the
     * deciding hook, or {@link SyscallResult#proceed()} when the kernel ran it). Called only on
     * hooks whose {@link #test} accepted the call. For tracing; must not block.
     */
    default void answered(SyscallEvent event, SyscallResult result) {
    }
}
