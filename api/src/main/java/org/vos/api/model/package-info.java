/** The vos model, shared by every bundle and by the REST API: hosts, managed processes, bundles, images and migrations, as plain data transfer objects serialized with Gson. */
@org.osgi.annotation.versioning.Version("0.2.0")
package org.vos.api.model;
