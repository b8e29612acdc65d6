/** The migration strategy SPI: how a process image is produced, shipped and consumed between two executives (full, minimal, live, lazy, ...). */
@org.osgi.annotation.versioning.Version("0.1.0")
package org.vos.api.strategy;
