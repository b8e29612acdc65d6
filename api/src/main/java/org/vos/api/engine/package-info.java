/**
 * The engine: launches unmodified Linux programs in their own pid and time namespaces, writes
 * their whole state to an image directory and brings them back from it (issue 4).
 */
@org.osgi.annotation.versioning.Version("0.1.0")
package org.vos.api.engine;
