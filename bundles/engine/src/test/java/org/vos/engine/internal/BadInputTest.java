package org.vos.engine.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.RandomAccessFile;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

import org.junit.jupiter.api.Test;
import org.vos.api.domain.VosException;
import org.vos.api.engine.LaunchSpec;
import org.vos.api.engine.ManagedProcess;

/** Bad input gives a clear error, the source keeps running, and nothing half-restored is left. */
class BadInputTest extends EngineFixture {

    @Test
    void unknownPid() {
        VosException e = assertThrows(VosException.class, () -> engine.checkpoint(0x3ffffff0L, tmp.resolve("i"), false));
        assertEquals("unknown-process", e.code());
        assertEquals(404, e.status());
        assertEquals("unknown-process", assertThrows(VosException.class, () -> engine.inspect(0x3ffffff0L)).code());
    }

    @Test
    void launchOfMissingCommandSaysWhy() {
        Path log = tmp.resolve("log");
        VosException e = assertThrows(VosException.class,
                () -> engine.launch(LaunchSpec.of(log.toString(), "/no/such/program")));
        assertEquals("launch-failed", e.code());
        assertTrue(e.getMessage().contains("/no/such/program") && e.getMessage().contains("No such file"), e.getMessage());
    }

    @Test
    void inspectImageRendersAGoodImage() {
        String bin = Programs.build("counter");
        Path log = tmp.resolve("log");
        ManagedProcess p = engine.launch(LaunchSpec.of(log.toString(), bin));
        Programs.awaitValue(log, COUNT, x -> x >= 1);
        engine.checkpoint(p.hostPid, tmp.resolve("img"), true);
        org.vos.api.engine.ImageSummary s = engine.inspectImage(tmp.resolve("img"));
        assertTrue(s.checksumsOk, String.valueOf(s.problem));
        assertEquals(1, s.formatVersion);
        assertEquals(1, s.processes.size());
        assertEquals(2, s.processes.get(0).pid);
        assertEquals(bin, s.processes.get(0).exe);
        assertTrue(s.processes.get(0).fds.stream().anyMatch(f -> f.startsWith("1 file " + log)), s.processes.get(0).fds.toString());
        assertTrue(s.pageBytes >= 1 << 20);
    }

    @Test
    void imageOfAnotherCpuIsRefusedAndNothingIsLeft() throws Exception {
        String bin = Programs.build("counter");
        Path log = tmp.resolve("log");
        ManagedProcess p = engine.launch(LaunchSpec.of(log.toString(), bin));
        Programs.awaitValue(log, COUNT, x -> x >= 1);
        Path img = tmp.resolve("img");
        engine.checkpoint(p.hostPid, img, true);
        Path inv = img.resolve("inventory.json");
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("\"xfeatures\": (\\d+)").matcher(Files.readString(inv));
        assertTrue(m.find(), "the inventory records the CPU state components");
        assertEquals(3, Long.parseLong(m.group(1)) & 3, "x87 and SSE are in every x86-64 XCR0: " + m.group(1));
        // a CPU state component this host does not have (bit 62 is reserved)
        Files.writeString(inv, Files.readString(inv).replaceFirst("\"xfeatures\": \\d+", "\"xfeatures\": " + (1L << 62)));
        int before = engine.list().size();
        VosException e = assertThrows(VosException.class, () -> engine.restore(img, null));
        assertEquals("incompatible-image", e.code());
        assertEquals(before, engine.list().size());
        assertEquals(java.util.List.of(p.hostPid), running(bin));
    }

    @Test
    void threadThatCannotStopEndsTheCheckpointAndTheProgramGoesOn() {
        String bin = Programs.build("vforker");
        Path log = tmp.resolve("log");
        ManagedProcess p = engine.launch(LaunchSpec.of(log.toString(), bin));
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(20))
                .until(() -> Programs.lines(log).contains("vfork-child sleeping"));
        engine.freezeTimeoutMs = 300;
        VosException e = assertThrows(VosException.class, () -> engine.checkpoint(p.hostPid, tmp.resolve("img"), false));
        assertEquals("freeze-timeout", e.code());
        assertTrue(e.getMessage().contains("thread " + p.hostPid), e.getMessage());
        assertFalse(Files.exists(tmp.resolve("img/inventory.json")));
        // once the vfork child is gone the parent counts on, untouched
        Programs.awaitValue(log, COUNT, x -> x >= 6);
        assertEquals("running", engine.inspect(p.hostPid).state);
        engine.freezeTimeoutMs = 10_000;
        engine.checkpoint(p.hostPid, tmp.resolve("img2"), true);
        long now = Programs.lastValue(log, COUNT);
        Programs.awaitValue(log, COUNT, x -> x >= now + 2);
    }

    @Test
    void nonEmptyImageDirectory() throws Exception {
        String bin = Programs.build("counter");
        Path log = tmp.resolve("log");
        ManagedProcess p = engine.launch(LaunchSpec.of(log.toString(), bin));
        Path img = Files.createDirectories(tmp.resolve("img"));
        Files.writeString(img.resolve("keep.txt"), "mine");
        VosException e = assertThrows(VosException.class, () -> engine.checkpoint(p.hostPid, img, false));
        assertEquals("image-exists", e.code());
        assertEquals("mine", Files.readString(img.resolve("keep.txt")));
        long c = Programs.awaitValue(log, COUNT, x -> x >= 1);
        Programs.awaitValue(log, COUNT, x -> x >= c + 3);
    }

    @Test
    void unsupportedDescriptorIsRefusedBeforeFreezing() {
        String bin = Programs.build("holdpipe");
        Path log = tmp.resolve("log");
        ManagedProcess p = engine.launch(LaunchSpec.of(log.toString(), bin));
        long c = Programs.awaitValue(log, COUNT, x -> x >= 2);
        VosException e = assertThrows(VosException.class, () -> engine.checkpoint(p.hostPid, tmp.resolve("img"), false));
        assertEquals("unsupported-handle", e.code());
        assertTrue(e.getMessage().contains("fd 3") && e.getMessage().contains("pipe"), e.getMessage());
        assertFalse(Files.exists(tmp.resolve("img/inventory.json")));
        Programs.awaitValue(log, COUNT, x -> x >= c + 3);
        assertEquals("running", engine.inspect(p.hostPid).state);
    }

    @Test
    void corruptImagesAreRefusedBeforeAnythingStarts() throws Exception {
        String bin = Programs.build("counter");
        Path log = tmp.resolve("log");
        ManagedProcess p = engine.launch(LaunchSpec.of(log.toString(), bin));
        Programs.awaitValue(log, COUNT, x -> x >= 2);
        Path img = tmp.resolve("img");
        engine.checkpoint(p.hostPid, img, false);
        Path pages = Files.list(img).filter(f -> f.getFileName().toString().startsWith("pages-")).findFirst().orElseThrow();
        byte[] good = Files.readAllBytes(pages);

        // one flipped bit in the page data
        try (RandomAccessFile f = new RandomAccessFile(pages.toFile(), "rw")) {
            f.seek(good.length / 2);
            int b = f.read();
            f.seek(good.length / 2);
            f.write(b ^ 0x10);
        }
        assertCorrupt(img, bin, "checksum");

        // truncated
        Files.write(pages, good);
        try (FileChannel ch = FileChannel.open(pages, StandardOpenOption.WRITE)) {
            ch.truncate(good.length - 4096);
        }
        assertCorrupt(img, bin, "bytes");

        // metadata edited
        Files.write(pages, good);
        Path tree = img.resolve("tree.json");
        Files.writeString(tree, Files.readString(tree).replaceFirst("\"umask\": \\d+", "\"umask\": 0"));
        assertCorrupt(img, bin, "tree.json");
    }

    private void assertCorrupt(Path img, String bin, String what) {
        int before = engine.list().size();
        VosException e = assertThrows(VosException.class, () -> engine.restore(img, null));
        assertEquals("image-corrupt", e.code());
        assertTrue(e.getMessage().contains(what), e.getMessage());
        assertEquals(before, engine.list().size());
        org.awaitility.Awaitility.await("no restored process may be left").atMost(java.time.Duration.ofSeconds(5))
                .until(() -> running(bin).isEmpty());
        assertFalse(engine.inspectImage(img).checksumsOk);
    }
}
