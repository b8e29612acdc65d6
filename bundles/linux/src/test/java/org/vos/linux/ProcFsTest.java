package org.vos.linux;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProcFsTest {
    @TempDir
    Path root;

    private Path pid(long pid) throws Exception {
        Path d = root.resolve(Long.toString(pid));
        Files.createDirectories(d.resolve("task/" + pid));
        Files.createDirectories(d.resolve("task/" + (pid + 1)));
        Files.createDirectories(d.resolve("fd"));
        Files.createDirectories(d.resolve("fdinfo"));
        return d;
    }

    @Test
    void parsesMapsWithPathsAndPseudoNames() throws Exception {
        Path d = pid(42);
        Files.writeString(d.resolve("maps"), """
                555555554000-555555555000 r--p 00000000 fe:01 1234                       /usr/bin/my prog
                555555559000-55555557a000 rw-p 00000000 00:00 0                          [heap]
                7ffff7fc1000-7ffff7fc5000 r--p 00000000 00:00 0                          [vvar]
                7ffff7fc5000-7ffff7fc7000 r-xp 00000000 00:00 0                          [vdso]
                7ffff7dd0000-7ffff7dd1000 ---p 00000000 00:00 0
                7ffff7dd1000-7ffff7dd2000 rw-s 00000000 00:01 99                         /dev/zero (deleted)
                ffffffffff600000-ffffffffff601000 --xp 00000000 00:00 0                  [vsyscall]
                """);
        List<Vma> m = new ProcFs(root).maps(42);
        assertEquals(7, m.size());
        assertEquals("/usr/bin/my prog", m.get(0).path());
        assertTrue(m.get(0).fileBacked());
        assertEquals(0x555555559000L, m.get(1).start());
        assertEquals(0x21000, m.get(1).length());
        assertEquals(3, m.get(1).prot());
        assertTrue(m.get(2).special());
        assertTrue(m.get(3).special() && m.get(3).executable());
        assertEquals("", m.get(4).path());
        assertEquals(0, m.get(4).prot());
        assertTrue(m.get(5).shared());
        assertFalse(m.get(5).fileBacked());
        assertEquals(0xffffffffff600000L, m.get(6).start());
        assertTrue(m.get(6).special());
    }

    @Test
    void parsesSmapsVmFlags() throws Exception {
        Path d = pid(7);
        Files.writeString(d.resolve("smaps"), """
                7ffffffde000-7ffffffff000 rw-p 00000000 00:00 0                          [stack]
                Size:                132 kB
                Rss:                  16 kB
                VmFlags: rd wr mr mw me gd ac
                7ffff7dd0000-7ffff7dd1000 ---p 00000000 00:00 0
                Size:                  4 kB
                VmFlags: mr mw me ac
                """);
        List<Vma> m = new ProcFs(root).smaps(7);
        assertEquals(2, m.size());
        assertTrue(m.get(0).vmFlags().contains("gd"));
        assertEquals("[stack]", m.get(0).path());
        assertFalse(m.get(1).vmFlags().contains("gd"));
    }

    @Test
    void parsesStatWithSpacesAndParensInComm() throws Exception {
        Path d = pid(9);
        Files.writeString(d.resolve("stat"), "9 (a) b) c) S 1 9 9 0 -1 4194560 1 2 3 4 5 6 7 8 20 0 1 0 99 "
                + "1000 10 18446744073709551615 4194304 4198400 140737488346112 0 0 0 0 0 0 0 0 0 17 1 0 0 0 0 0 "
                + "6299664 6300000 6303744 140737488347000 140737488347010 140737488347010 140737488351000 0\n");
        String[] s = new ProcFs(root).stat(9);
        assertEquals("9", s[1]);
        assertEquals("a) b) c", s[2]);
        assertEquals("S", s[3]);
        assertEquals("4194304", s[26]);
        assertEquals("140737488346112", s[28]);
        assertEquals("6299664", s[45]);
        assertEquals("140737488351000", s[51]);
        assertEquals('S', new ProcFs(root).state(9));
        assertEquals(0, new ProcFs(root).state(10));
    }

    @Test
    void parsesStatusFdinfoTasksAuxvTimens() throws Exception {
        Path d = pid(5);
        Files.writeString(d.resolve("status"), "Name:\tcat\nUmask:\t0022\nNSpid:\t5\t2\nSigBlk:\t0000000000000000\n");
        Files.writeString(d.resolve("fdinfo/3"), "pos:\t12\nflags:\t0102002\nmnt_id:\t31\nino:\t77\n");
        Files.writeString(d.resolve("timens_offsets"), "monotonic      -5    100\nboottime  2 0\n");
        ByteBuffer b = ByteBuffer.allocate(48).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(6).putLong(4096).putLong(33).putLong(0x7ffff7fc5000L).putLong(0).putLong(0);
        Files.write(d.resolve("auxv"), b.array());
        ProcFs fs = new ProcFs(root);
        assertEquals("0022", fs.status(5).get("Umask"));
        assertEquals(2, fs.nsPids(5)[1]);
        Map<String, String> fi = fs.fdinfo(5, 3);
        assertEquals("12", fi.get("pos"));
        assertEquals(0102002, Integer.parseInt(fi.get("flags"), 8));
        assertEquals(List.of(5L, 6L), fs.tasks(5));
        Map<Long, Long> aux = ProcFs.parseAuxv(fs.auxvBytes(5));
        assertEquals(2, aux.size());
        assertEquals(0x7ffff7fc5000L, aux.get(33L));
        long[] off = fs.timensOffsets(5);
        assertEquals(-5_000_000_000L + 100, off[0]);
        assertEquals(2_000_000_000L, off[1]);
    }

    @Test
    void missingProcessIsLinuxExceptionWithErrno() {
        LinuxException e = assertThrows(LinuxException.class, () -> new ProcFs(root).maps(12345));
        assertEquals(Errno.ENOENT, e.errno());
        assertTrue(e.getMessage().contains("maps"));
    }

    @Test
    void descriptorKindsFromTheLinkTargetElseTheFileType() throws Exception {
        Path file = Files.writeString(root.resolve("plain"), "x");
        assertEquals("socket", ProcFs.kind(file, "socket:[123]"));
        assertEquals("pipe", ProcFs.kind(file, "pipe:[456]"));
        assertEquals("anon:eventfd", ProcFs.kind(file, "anon_inode:[eventfd]"));
        assertEquals("anon:inotify", ProcFs.kind(file, "anon_inode:inotify"));
        assertEquals("file", ProcFs.kind(file, file.toString()));
        assertEquals("dir", ProcFs.kind(root, root.toString()));
        assertEquals("chr", ProcFs.kind(Path.of("/dev/null"), "/dev/null"));
        assertEquals("unknown", ProcFs.kind(root.resolve("gone"), "/gone"));
    }
}
