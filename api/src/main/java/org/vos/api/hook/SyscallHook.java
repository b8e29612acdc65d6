package org.vos.api.hook;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Intercepts system calls of the managed programs it applies to. Registered as a service; the
 * interceptor builds each program's seccomp filter from the syscalls of the hooks that apply,
 * so a call no hook names never leaves the kernel. A hook that throws or times out lets the
 * call proceed; the failure is logged and counted.
 */
@ConsumerType
public interface SyscallHook {
    /** Service property: system call names the hook intercepts (String+), e.g. {@code openat}. */
    String SYSCALLS = "vos.hook.syscalls";
    /** Service property: glob on the executable name the hook applies to; absent means all. */
    String APPLIES_TO = "vos.hook.appliesTo";
    /** Service property: name of the hook set the hook belongs to, shown per process. */
    String HOOK_SET = "vos.hook.set";
    /** Service property: lower runs first among hooks of one call. */
    String ORDER = "vos.hook.order";

    /** Whether this hook wants the call; a cheap argument predicate. */
    default boolean test(SyscallEvent event) {
        return true;
    }

    SyscallResult handle(SyscallEvent event);
}
