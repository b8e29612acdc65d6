/** The handle virtualizer SPI: one implementation per resource class (files, kernel objects, sockets, terminals, windows) dumps and rebuilds the descriptors it claims. */
@org.osgi.annotation.versioning.Version("0.2.0")
package org.vos.api.virt;
