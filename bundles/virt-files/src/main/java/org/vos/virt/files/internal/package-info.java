/** Implementation of the file virtualizers (not exported). */
package org.vos.virt.files.internal;
