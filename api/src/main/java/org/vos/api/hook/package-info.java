/** The syscall hook SPI: hook sets that intercept chosen system calls of managed programs through seccomp user notification. */
@org.osgi.annotation.versioning.Version("0.1.0")
package org.vos.api.hook;
