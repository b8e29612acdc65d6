/** A Java client of the vos REST API: the CLI and the manager use it to drive a runtime over HTTP. */
@org.osgi.annotation.versioning.Version("0.1.0")
package org.vos.client;
