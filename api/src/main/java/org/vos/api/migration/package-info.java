/**
 * Moving process images between executives: the transfer service each executive runs (a TCP
 * listener on its host address that only accepts streams it was told to expect) and the sender
 * side used by the executive that migrates a process (issue 6, docs/migration.md).
 */
@org.osgi.annotation.versioning.Version("0.1.0")
package org.vos.api.migration;
