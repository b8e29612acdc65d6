package org.vos.migration.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vos.api.domain.VosException;
import org.vos.api.migration.Transfers;

/** Two transfer services on loopback: a stream that is expected, and every way one is refused. */
class TransferServiceTest {
    private static final String TOKEN = "0123456789abcdef0123456789abcdef0123456789abcdef";

    @TempDir
    Path tmp;
    TransferService source;
    TransferService target;
    Path image;

    @BeforeEach
    void up() throws IOException {
        source = service("src", -1);
        target = service("dst", -1);
        image = Files.createDirectories(tmp.resolve("image"));
        byte[] pages = new byte[3 << 20];
        new Random(7).nextBytes(pages);
        Files.write(image.resolve("pages-2.img"), pages);
        String sha = HexFormat.of().formatHex(FileIdentities.digest().digest(pages));
        Files.writeString(image.resolve("inventory.json"),
                "{\"parts\":{\"pages-2.img\":{\"bytes\":" + pages.length + ",\"sha256\":\"" + sha + "\"}}}");
        Files.writeString(image.resolve("vos-process.properties"), "id=abc\n");
    }

    @AfterEach
    void down() {
        source.close();
        target.close();
    }

    private TransferService service(String name, long corrupt) throws IOException {
        return new TransferService(new TransferService.Settings("127.0.0.1", 0, tmp.resolve(name), 5000, 10000, 5000, corrupt), name);
    }

    /** Receives into a copy, so the test can compare what arrived. */
    private static final class Copying implements Transfers.Receiver {
        final AtomicReference<Path> got = new AtomicReference<>();
        final AtomicBoolean aborted = new AtomicBoolean();
        final Path into;

        Copying(Path into) {
            this.into = into;
        }

        @Override
        public Map<String, String> restore(Path dir) throws IOException {
            Files.createDirectories(into);
            try (Stream<Path> s = Files.list(dir)) {
                for (Path p : s.toList()) {
                    Files.copy(p, into.resolve(p.getFileName()));
                }
            }
            got.set(into);
            return Map.of("id", "abc", "hostPid", "42");
        }

        @Override
        public void abort(Map<String, String> restored) {
            aborted.set(true);
        }
    }

    @Test
    void anExpectedStreamArrivesIdenticalAndIsCommitted() throws IOException {
        Copying r = new Copying(tmp.resolve("restored"));
        target.expect(TOKEN, "m1", Duration.ofSeconds(30), r);
        AtomicBoolean discarded = new AtomicBoolean();
        Transfers.Receipt rc = source.send(target.address(), TOKEN, "m1", List.of(), () -> image, () -> discarded.set(true));
        assertTrue(discarded.get());
        assertEquals("42", rc.answer.get("hostPid"));
        assertTrue(rc.bytes >= 3 << 20);
        for (String f : List.of("pages-2.img", "inventory.json", "vos-process.properties")) {
            assertEquals(-1L, Files.mismatch(image.resolve(f), r.got.get().resolve(f)), f);
        }
        assertFalse(r.aborted.get());
        assertStagingEmpty();
    }

    @Test
    void aTokenIsUsedOnceAndAnUnknownOneIsRefused() {
        Copying r = new Copying(tmp.resolve("restored"));
        target.expect(TOKEN, "m1", Duration.ofSeconds(30), r);
        source.send(target.address(), TOKEN, "m1", List.of(), () -> image, () -> { });
        VosException again = assertThrows(VosException.class, () -> source.send(target.address(), TOKEN, "m1", List.of(), () -> image, () -> { }));
        assertEquals("transfer-refused", again.code());
        VosException other = assertThrows(VosException.class,
                () -> source.send(target.address(), TOKEN.replace('0', '1'), "m2", List.of(), () -> image, () -> { }));
        assertEquals("transfer-refused", other.code());
    }

    @Test
    void anExpiredTokenIsRefused() {
        target.expect(TOKEN, "m1", Duration.ZERO, new Copying(tmp.resolve("r")));
        VosException e = assertThrows(VosException.class, () -> source.send(target.address(), TOKEN, "m1", List.of(), () -> image, () -> { }));
        assertEquals("transfer-refused", e.code());
    }

    @Test
    void aCorruptedStreamIsRefusedByChecksumAndLeavesNothing() throws IOException {
        source.close();
        source = service("src", 1_000_000);
        Copying r = new Copying(tmp.resolve("restored"));
        target.expect(TOKEN, "m1", Duration.ofSeconds(30), r);
        AtomicBoolean discarded = new AtomicBoolean();
        VosException e = assertThrows(VosException.class, () -> source.send(target.address(), TOKEN, "m1", List.of(), () -> image, () -> discarded.set(true)));
        assertEquals("checksum-mismatch", e.code(), e.getMessage());
        assertFalse(discarded.get());
        assertEquals(null, r.got.get());
        assertStagingEmpty();
    }

    @Test
    void aMappedFileThatDiffersOnTheTargetRefusesBeforeAnyPageTravels() throws IOException {
        Path lib = Files.writeString(tmp.resolve("lib.so"), "one");
        Transfers.FileIdentity id = new FileIdentities().of(lib.toString());
        Files.writeString(lib, "two"); // the target's copy (same path) now differs
        Copying r = new Copying(tmp.resolve("restored"));
        target.expect(TOKEN, "m1", Duration.ofSeconds(30), r);
        VosException e = assertThrows(VosException.class, () -> source.send(target.address(), TOKEN, "m1", List.of(id), () -> image, () -> { }));
        assertEquals("file-differs", e.code());
        assertTrue(e.getMessage().contains(lib.toString()), e.getMessage());
        assertEquals(null, r.got.get());
    }

    @Test
    void whenTheSourceCannotLetGoTheTargetUndoesItsRestore() throws Exception {
        Copying r = new Copying(tmp.resolve("restored"));
        target.expect(TOKEN, "m1", Duration.ofSeconds(30), r);
        assertThrows(IllegalStateException.class, () -> source.send(target.address(), TOKEN, "m1", List.of(), () -> image, () -> {
            throw new IllegalStateException("discard failed");
        }));
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10)).until(r.aborted::get);
    }

    @Test
    void aFreezeThatFailsAfterTheTokenWasAcceptedLeavesTheTargetClean() throws IOException {
        Copying r = new Copying(tmp.resolve("restored"));
        target.expect(TOKEN, "m1", Duration.ofSeconds(30), r);
        VosException e = assertThrows(VosException.class, () -> source.send(target.address(), TOKEN, "m1", List.of(), () -> {
            throw new VosException(500, "freeze-failed", "cannot seize");
        }, () -> { }));
        assertEquals("freeze-failed", e.code());
        assertEquals(null, r.got.get());
        assertStagingEmpty();
    }

    @Test
    void aPortInUseFallsBackToAFreeOneAndStillWorks() throws IOException {
        int taken = Integer.parseInt(target.address().substring(target.address().lastIndexOf(':') + 1));
        TransferService second = new TransferService(new TransferService.Settings("127.0.0.1", taken, tmp.resolve("x"), 5000, 10000, 5000, -1), "x");
        try {
            assertFalse(second.address().endsWith(":" + taken));
            Copying r = new Copying(tmp.resolve("restored"));
            second.expect(TOKEN, "m1", Duration.ofSeconds(30), r);
            source.send(second.address(), TOKEN, "m1", List.of(), () -> image, () -> { });
            assertEquals(tmp.resolve("restored"), r.got.get());
        } finally {
            second.close();
        }
    }

    private void assertStagingEmpty() throws IOException {
        Path in = tmp.resolve("dst").resolve("incoming");
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> !Files.exists(in) || isEmpty(in));
    }

    private static boolean isEmpty(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.findAny().isEmpty();
        }
    }
}
