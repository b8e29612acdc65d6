package org.vos.linux;

import java.util.Set;

/**
 * One line of /proc/PID/maps (+ VmFlags from smaps when read from there).
 *
 * @param perms  "rwxp"/"r--s" as printed
 * @param path   backing path, a pseudo name like [heap], or "" for anonymous
 * @param vmFlags the two-letter VmFlags of smaps (empty when read from maps)
 */
public record Vma(long start, long end, String perms, long offset, String dev, long inode, String path,
        Set<String> vmFlags) {

    public long length() {
        return end - start;
    }

    public boolean readable() {
        return perms.charAt(0) == 'r';
    }

    public boolean writable() {
        return perms.charAt(1) == 'w';
    }

    public boolean executable() {
        return perms.charAt(2) == 'x';
    }

    public boolean shared() {
        return perms.charAt(3) == 's';
    }

    /** PROT_* bits of the mapping. */
    public int prot() {
        return (readable() ? 1 : 0) | (writable() ? 2 : 0) | (executable() ? 4 : 0);
    }

    /** [vdso], [vvar], [vvar_vclock], [vsyscall]: kernel-provided, never dumped or unmapped. */
    public boolean special() {
        return path.equals("[vdso]") || path.startsWith("[vvar") || path.equals("[vsyscall]");
    }

    /** Backed by a file (inode != 0), not anonymous, heap, stack or shared anonymous memory. */
    public boolean fileBacked() {
        return inode != 0 && path.startsWith("/") && !path.startsWith("/dev/zero")
                && !path.startsWith("/SYSV") && !path.startsWith("/memfd:");
    }
}
