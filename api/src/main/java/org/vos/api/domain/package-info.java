/** The domain service: what a manager (all hosts) and an executive (its own host) both offer, and the error type every vos call raises. */
@org.osgi.annotation.versioning.Version("0.2.0")
package org.vos.api.domain;
