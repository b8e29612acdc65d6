/**
 * Pre-flight (issue 11): what a checkpoint or migration of a running program would touch, read
 * from /proc without stopping it, and whether a target host can take it (docs/preflight.md).
 */
@org.osgi.annotation.versioning.Version("0.1.0")
package org.vos.api.preflight;
