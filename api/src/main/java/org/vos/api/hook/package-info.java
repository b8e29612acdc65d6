/**
 * The syscall hook SPI: hook sets that intercept chosen system calls of managed programs through
 * seccomp user notification. Hooks are {@link org.vos.api.hook.SyscallHook} services (whiteboard);
 * the interceptor ({@link org.vos.api.hook.Interceptor}) builds each program's filter from the
 * hooks that apply to it. See docs/interception.md.
 */
@org.osgi.annotation.versioning.Version("0.2.0")
package org.vos.api.hook;
