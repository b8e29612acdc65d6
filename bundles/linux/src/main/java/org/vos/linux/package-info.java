/**
 * The Linux calls vos needs (ptrace, waitpid, pidfd, clone3, process_vm, prctl, personality,
 * posix_spawn) as plain Java, and parsers of /proc with an injectable root. No JNA type leaves
 * this package; failures are {@link org.vos.linux.LinuxException}.
 */
@org.osgi.annotation.versioning.Version("0.1.0")
package org.vos.linux;
