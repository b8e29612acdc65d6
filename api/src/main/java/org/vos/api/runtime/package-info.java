/** Services every vos runtime provides: bundle management for hot deploy and the kernel features probed on this host. */
@org.osgi.annotation.versioning.Version("0.1.0")
package org.vos.api.runtime;
