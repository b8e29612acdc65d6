package org.vos.virt.files.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vos.api.domain.VosException;
import org.vos.api.engine.LaunchSpec;
import org.vos.api.engine.ManagedProcess;

/**
 * Each file class: a self-checking program holds it (exact content, size, offset, flags, seals),
 * is checkpointed, killed and restored, verifies it on every step and keeps working. The /tmp
 * file is also restored after it vanished (the image carries it) and refused when it changed.
 */
class FilesTest {
    @TempDir
    Path tmp;
    Cycle c = new Cycle(new DeletedFileVirtualizer(), new MemfdVirtualizer(), new PrivateFileVirtualizer());

    @AfterEach
    void stop() {
        c.engine.close();
    }

    @Test
    void deletedButOpenFileTravelsInTheImage() {
        c.full(tmp, "files00", "deleted", tmp.toString());
        assertDumpedBy("3 file", DeletedFileVirtualizer.NAME);
    }

    @Test
    void memfdWithContentAndSeals() {
        c.full(tmp, "files00", "memfd");
        assertDumpedBy("3 file", MemfdVirtualizer.NAME);
    }

    @Test
    void tmpFileAtAnOffset() {
        assertTrue(tmp.startsWith("/tmp"), "the test's directory must be host-private: " + tmp);
        c.full(tmp, "files00", "tmp", tmp.resolve("data").toString());
        assertDumpedBy("3 file " + tmp.resolve("data"), PrivateFileVirtualizer.NAME);
        assertDumpedBy("1 file " + tmp.resolve("log"), PrivateFileVirtualizer.NAME); // append-only: travels, reopened as it is
    }

    private void assertDumpedBy(String fd, String virtualizer) {
        java.util.List<String> fds = c.engine.inspectImage(tmp.resolve("img")).processes.get(0).fds;
        assertTrue(fds.stream().anyMatch(f -> f.startsWith(fd) && f.endsWith("(" + virtualizer + ")")), fds.toString());
    }

    @Test
    void ownProcDirectoryIsTheRestoredProcesses() {
        c.full(tmp, "procself00");
    }

    @Test
    void flockAndPosixRecordLocksAreTakenAgain() {
        c.full(tmp, "files00", "locks", tmp.resolve("locked").toString());
    }

    @Test
    void aMessageQueueIsNeitherReopenedByPathNorTakenForADeletedFile() {
        for (String variant : new String[] {"named", "unlinked"}) {
            Path log = tmp.resolve("log-" + variant);
            String bin = Cycle.build("mqueue00");
            ManagedProcess p = c.engine.launch(variant.equals("named") ? LaunchSpec.of(log.toString(), bin)
                    : LaunchSpec.of(log.toString(), bin, "unlink"));
            long n = Cycle.awaitValue(log, Cycle.COUNT, x -> x >= 2);
            VosException e = assertThrows(VosException.class, () -> c.engine.checkpoint(p.hostPid, tmp.resolve("img-" + variant), false));
            assertEquals("unsupported-handle", e.code());
            assertTrue(e.getMessage().contains("fd 3") && e.getMessage().contains("/vos-virt-test-"), e.getMessage());
            Cycle.awaitValue(log, Cycle.COUNT, x -> x >= n + 3);
            assertEquals("running", c.engine.inspect(p.hostPid).state);
            c.engine.kill(p.hostPid);
        }
    }

    /** Launch, checkpoint, kill; returns the log. */
    private Path checkpointed(Path file) {
        Path log = tmp.resolve("log");
        ManagedProcess p = c.engine.launch(LaunchSpec.of(log.toString(), Cycle.build("files00"), "tmp", file.toString()));
        Cycle.awaitValue(log, Cycle.COUNT, x -> x >= 3);
        c.engine.checkpoint(p.hostPid, tmp.resolve("img"), false);
        assertEquals(137, c.engine.waitFor(p.hostPid, Duration.ofSeconds(10)));
        return log;
    }

    @Test
    void missingTmpFileIsRecreatedFromTheImage() throws Exception {
        Path file = tmp.resolve("data");
        Path log = checkpointed(file);
        byte[] before = Files.readAllBytes(file);
        Files.delete(file); // as on a host that never had it
        long last = Cycle.lastValue(log, Cycle.COUNT);
        ManagedProcess q = c.engine.restore(tmp.resolve("img"), null);
        Cycle.awaitValue(log, Cycle.COUNT, x -> x >= last + 3);
        c.engine.signal(q.hostPid, 10);
        assertTrue(Cycle.awaitLine(log, "count-deep ").startsWith("count-deep OK"));
        Cycle.assertClean(log);
        assertEquals(before.length, Files.size(file));
    }

    @Test
    void changedTmpFileIsRefusedNamingIt() throws Exception {
        Path file = tmp.resolve("data");
        checkpointed(file);
        byte[] b = Files.readAllBytes(file);
        b[100] ^= 1;
        Files.write(file, b);
        int before = c.engine.list().size();
        VosException e = assertThrows(VosException.class, () -> c.engine.restore(tmp.resolve("img"), null));
        assertEquals("file-differs", e.code(), e.getMessage());
        assertTrue(e.getMessage().contains(file.toString()) && e.getMessage().contains("fd 3"), e.getMessage());
        assertEquals(before, c.engine.list().size());
        assertTrue(Cycle.running(Cycle.BIN.resolve("files00").toString()).isEmpty(), "nothing restored may be left");
    }
}
