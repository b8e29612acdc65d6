package org.vos.virt.kernel.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vos.api.domain.VosException;
import org.vos.api.engine.LaunchSpec;
import org.vos.api.engine.ManagedProcess;
import org.vos.api.virt.Handle;
import org.vos.api.virt.HandleRecord;
import org.vos.api.virt.HandleVirtualizer;
import org.vos.api.virt.ProcessAccess;

/**
 * Each kernel object class: a self-checking program holds it in a non-trivial state, is
 * checkpointed, killed and restored; it verifies the exact state (cheap check on every step, deep
 * check on SIGUSR1) and keeps working. Plus the bad inputs.
 */
class KernelObjectsTest {
    @TempDir
    Path tmp;
    Cycle c = new Cycle(new PipeVirtualizer(), new EventfdVirtualizer(), new EpollVirtualizer(), new TimerfdVirtualizer(),
            new SignalfdVirtualizer(), new InotifyVirtualizer(), new MqueueVirtualizer());

    @AfterEach
    void stop() {
        c.engine.close();
    }

    @Test
    void pipesWith10KiBUnreadAlsoAcrossParentAndChild() {
        c.full(tmp, "pipe00");
        Cycle.awaitLine(tmp.resolve("log"), "child-deep OK");
    }

    @Test
    void fifoWithUnreadData() {
        c.full(tmp, "fifo00", tmp.resolve("fifo").toString());
    }

    @Test
    void leaveRunningLosesNoPipeDataAndTheImageRestoresIt() {
        Path log = tmp.resolve("log");
        ManagedProcess p = c.engine.launch(LaunchSpec.of(log.toString(), Cycle.build("fifo00"), tmp.resolve("fifo").toString()));
        long n = Cycle.awaitValue(log, Cycle.COUNT, x -> x >= 2);
        c.engine.checkpoint(p.hostPid, tmp.resolve("img"), true);
        Cycle.awaitValue(log, Cycle.COUNT, x -> x >= n + 3); // still 5000 + 3000 bytes unread: checked on every step
        c.engine.kill(p.hostPid);
        c.engine.waitFor(p.hostPid, java.time.Duration.ofSeconds(10));
        long last = Cycle.lastValue(log, Cycle.COUNT);
        ManagedProcess q = c.engine.restore(tmp.resolve("img"), null);
        Cycle.awaitValue(log, Cycle.COUNT, x -> x > last);
        c.engine.signal(q.hostPid, 10);
        assertTrue(Cycle.awaitLine(log, "count-deep ").startsWith("count-deep OK"), Cycle.lines(log).toString());
        assertFalse(Cycle.lines(log).stream().anyMatch(l -> l.contains("BAD")), Cycle.lines(log).toString());
    }

    @Test
    void messageQueuesLinkedAndUnlinked() throws Exception {
        try {
            c.full(tmp, "mq00");
        } finally {
            unlinkQueue(); // the program unlinks it in its deep check; not if it failed before
        }
    }

    private void unlinkQueue() throws Exception {
        for (String l : Cycle.lines(tmp.resolve("log"))) {
            if (l.startsWith("queue ")) {
                new ProcessBuilder(Cycle.build("mq00"), "unlink", l.substring(6)).start().waitFor();
            }
        }
    }

    @Test
    void messageQueueMissingOnTheTargetIsRecreatedWithItsMessages() throws Exception {
        Path log = tmp.resolve("log");
        String bin = Cycle.build("mq00");
        ManagedProcess p = c.engine.launch(LaunchSpec.of(log.toString(), bin));
        Cycle.awaitValue(log, Cycle.COUNT, x -> x >= 3);
        c.engine.checkpoint(p.hostPid, tmp.resolve("img"), false);
        c.engine.waitFor(p.hostPid, java.time.Duration.ofSeconds(10));
        String queue = Cycle.awaitLine(log, "queue ").substring("queue ".length());
        assertEquals(0, new ProcessBuilder(bin, "unlink", queue).inheritIO().start().waitFor(), "unlink " + queue);
        long last = Cycle.lastValue(log, Cycle.COUNT);
        ManagedProcess q = c.engine.restore(tmp.resolve("img"), null);
        Cycle.awaitValue(log, Cycle.COUNT, x -> x >= last + 3);
        c.engine.signal(q.hostPid, 10);
        assertTrue(Cycle.awaitLine(log, "count-deep ").startsWith("count-deep OK"), Cycle.lines(log).toString());
        Cycle.assertClean(log);
    }

    @Test
    void eventfdAt7AndSemaphore() {
        c.full(tmp, "eventfd00");
    }

    @Test
    void periodicTimerfdKeepsTicking() {
        c.full(tmp, "timerfd00");
    }

    @Test
    void epollWithThreeTargets() {
        c.full(tmp, "epoll00");
    }

    @Test
    void signalfdMask() {
        c.full(tmp, "signalfd00");
    }

    @Test
    void inotifyWatch() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("watched"));
        c.full(tmp, "inotify00", dir.toString());
        assertTrue(Files.exists(dir.resolve("created-after-restore")));
    }

    @Test
    void pipeHeldOutsideTheTreeIsRefusedAndTheProgramKeepsRunning() {
        Path log = tmp.resolve("log");
        ManagedProcess p = c.engine.launch(LaunchSpec.of(log.toString(), Cycle.build("outside00")));
        long n = Cycle.awaitValue(log, Cycle.COUNT, x -> x >= 2);
        VosException e = assertThrows(VosException.class, () -> c.engine.checkpoint(p.hostPid, tmp.resolve("img"), false));
        assertEquals("handle-outside-tree", e.code(), e.getMessage());
        assertTrue(e.getMessage().contains("fd 4") && e.getMessage().contains("outside the checkpointed tree"), e.getMessage());
        assertFalse(Files.exists(tmp.resolve("img/inventory.json")));
        Cycle.awaitValue(log, Cycle.COUNT, x -> x >= n + 3);
        assertEquals("running", c.engine.inspect(p.hostPid).state);
    }

    @Test
    void aThrowingVirtualizerIsNamedAndTheProgramKeepsRunning() {
        c.add(new HandleVirtualizer() {
            @Override
            public boolean claims(Handle h) {
                return "anon:eventfd".equals(h.kind);
            }

            @Override
            public HandleRecord dump(ProcessAccess process, Handle h) {
                throw new IllegalStateException("broken on purpose");
            }

            @Override
            public void restore(ProcessAccess process, HandleRecord record) {
            }
        });
        Path log = tmp.resolve("log");
        ManagedProcess p = c.engine.launch(LaunchSpec.of(log.toString(), Cycle.build("eventfd00")));
        long n = Cycle.awaitValue(log, Cycle.COUNT, x -> x >= 2);
        VosException e = assertThrows(VosException.class, () -> c.engine.checkpoint(p.hostPid, tmp.resolve("img"), false));
        assertTrue(e.getMessage().contains("fd 3") && e.getMessage().contains("eventfd") && e.getMessage().contains("broken on purpose"),
                e.getMessage());
        assertFalse(Files.exists(tmp.resolve("img/inventory.json")));
        Cycle.awaitValue(log, Cycle.COUNT, x -> x >= n + 3);
        Cycle.assertClean(log);
    }

    @Test
    void aVirtualizerThrowingAtRestoreIsNamedAndNothingIsLeftRunning() {
        EventfdVirtualizer real = new EventfdVirtualizer();
        Cycle broken = new Cycle();
        broken.virtualizers.add(EventfdVirtualizer.NAME, new HandleVirtualizer() {
            @Override
            public boolean claims(Handle h) {
                return real.claims(h);
            }

            @Override
            public HandleRecord dump(ProcessAccess process, Handle h) {
                return real.dump(process, h);
            }

            @Override
            public void restore(ProcessAccess process, HandleRecord record) {
                throw new IllegalStateException("cannot restore on purpose");
            }
        });
        try {
            Path log = tmp.resolve("log");
            String bin = Cycle.build("eventfd00");
            ManagedProcess p = broken.engine.launch(LaunchSpec.of(log.toString(), bin));
            Cycle.awaitValue(log, Cycle.COUNT, x -> x >= 2);
            broken.engine.checkpoint(p.hostPid, tmp.resolve("img"), false);
            broken.engine.waitFor(p.hostPid, java.time.Duration.ofSeconds(10));
            int before = broken.engine.list().size();
            VosException e = assertThrows(VosException.class, () -> broken.engine.restore(tmp.resolve("img"), null));
            assertTrue(e.getMessage().contains("fd 3") && e.getMessage().contains("eventfd")
                    && e.getMessage().contains("cannot restore on purpose"), e.getMessage());
            assertEquals(before, broken.engine.list().size());
            assertTrue(FilesRunning.of(bin).isEmpty(), "nothing restored may be left running");
        } finally {
            broken.engine.close();
        }
    }

    @Test
    void withoutTheBundleEventfdIsRefusedBeforeFreezingThenHotAddedItWorks() {
        Cycle bare = new Cycle();
        try {
            Path log = tmp.resolve("log");
            ManagedProcess p = bare.engine.launch(LaunchSpec.of(log.toString(), Cycle.build("eventfd00")));
            long n = Cycle.awaitValue(log, Cycle.COUNT, x -> x >= 2);
            VosException e = assertThrows(VosException.class, () -> bare.engine.checkpoint(p.hostPid, tmp.resolve("img"), false));
            assertEquals("unsupported-handle", e.code());
            assertTrue(e.getMessage().contains("fd 3") && e.getMessage().contains("anon:eventfd"), e.getMessage());
            Cycle.awaitValue(log, Cycle.COUNT, x -> x >= n + 2);
            bare.add(new EventfdVirtualizer());
            bare.engine.checkpoint(p.hostPid, tmp.resolve("img"), false);
            long last = Cycle.lastValue(log, Cycle.COUNT);
            ManagedProcess q = bare.engine.restore(tmp.resolve("img"), null);
            Cycle.awaitValue(log, Cycle.COUNT, x -> x >= last + 3);
            bare.engine.signal(q.hostPid, 10);
            assertTrue(Cycle.awaitLine(log, "count-deep ").startsWith("count-deep OK"));
            Cycle.assertClean(log);
        } finally {
            bare.engine.close();
        }
    }
}
