package org.vos.interceptor.internal;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.vos.api.engine.LaunchSpec;
import org.vos.api.engine.ManagedProcess;
import org.vos.api.hook.SyscallEvent;
import org.vos.api.hook.SyscallHook;
import org.vos.api.hook.SyscallResult;

class InterceptionTest extends Fixture {
    private static final Duration WAIT = Duration.ofSeconds(20);

    /** Records write and clock_nanosleep calls with decoded arguments. */
    static final class Recorder implements SyscallHook {
        final List<String> calls = new CopyOnWriteArrayList<>();

        @Override
        public SyscallResult handle(SyscallEvent e) {
            if (e.name().equals("write")) {
                String data = new String(e.read(e.arg(1), (int) Math.min(e.arg(2), 256)), StandardCharsets.UTF_8);
                calls.add("write " + e.arg(0) + " " + data.trim() + " " + e.arg(2));
            } else {
                long ts = e.name().equals("clock_nanosleep") ? e.arg(2) : e.arg(0);
                ByteBuffer b = ByteBuffer.wrap(e.read(ts, 16)).order(ByteOrder.LITTLE_ENDIAN);
                calls.add(e.name() + " " + b.getLong(0) + "s " + b.getLong(8) + "ns");
            }
            return SyscallResult.proceed();
        }
    }

    @Test
    void programWithoutHooksHasNoFilter() {
        Path log = tmp.resolve("t.log");
        ManagedProcess p = engine.launch(LaunchSpec.of(log.toString(), build("ticker")));
        await().atMost(WAIT).until(() -> ticks(log).size() >= 3);
        assertEquals("0", seccompMode(p.hostPid));
        assertEquals(List.of(), core.hookSets(p.hostPid));
    }

    @Test
    void traceHookSeesWritesAndSleepsWithTheirArguments() {
        Recorder r = new Recorder();
        core.add(hook(r, "trace", "write,nanosleep,clock_nanosleep", "tick*"));
        Path log = tmp.resolve("t.log");
        ManagedProcess p = engine.launch(LaunchSpec.of(log.toString(), build("ticker")));
        await().atMost(WAIT).until(() -> r.calls.stream().filter(c -> c.startsWith("write")).count() >= 4);
        assertEquals("2", seccompMode(p.hostPid));
        assertEquals(List.of("trace"), core.hookSets(p.hostPid));
        assertTrue(r.calls.contains("write 1 tick 0 pid 2 13"), r.calls.toString());
        assertTrue(r.calls.contains("write 1 tick 1 pid 2 13"), r.calls.toString());
        assertTrue(r.calls.stream().anyMatch(c -> c.matches("(clock_)?nanosleep 0s 50000000ns")), r.calls.toString());
        List<Long> t = ticks(log);
        for (int i = 0; i < t.size(); i++) {
            assertEquals(i, t.get(i));
        }
    }

    @Test
    void hookThatDoesNotApplyGivesNoFilter() {
        core.add(hook(new Recorder(), "trace", "write", "python*"));
        Path log = tmp.resolve("t.log");
        ManagedProcess p = engine.launch(LaunchSpec.of(log.toString(), build("ticker")));
        await().atMost(WAIT).until(() -> ticks(log).size() >= 2);
        assertEquals("0", seccompMode(p.hostPid));
    }

    @Test
    void profilesDecideWhichProgramsAHookSetAppliesTo() {
        core.add(hook(new Recorder(), "trace", "write", null));
        core.profile(Profile.of("pythons", new String[] {"python*"}, new String[] {"trace"}), true);
        Path log = tmp.resolve("t.log");
        ManagedProcess p = engine.launch(LaunchSpec.of(log.toString(), build("ticker")));
        await().atMost(WAIT).until(() -> ticks(log).size() >= 2);
        assertEquals("0", seccompMode(p.hostPid), "the trace set is for pythons only");
        core.profile(Profile.of("tickers", new String[] {"tick*"}, new String[] {"trace"}), true);
        Path log2 = tmp.resolve("t2.log");
        ManagedProcess q = engine.launch(LaunchSpec.of(log2.toString(), build("ticker")));
        assertEquals("2", seccompMode(q.hostPid), "a second profile lets tickers have it too");
        assertEquals(List.of("trace"), core.hookSets(q.hostPid));
    }

    @Test
    void hookThatThrowsLetsTheCallProceedAndIsCounted() {
        core.add(hook(e -> {
            throw new IllegalStateException("broken hook");
        }, "broken", "write", null));
        Path log = tmp.resolve("t.log");
        engine.launch(LaunchSpec.of(log.toString(), build("ticker")));
        await().atMost(WAIT).until(() -> ticks(log).size() >= 4);
        assertTrue(core.hookErrors.get() >= 4, "errors counted: " + core.stats());
    }

    @Test
    void hookCanAnswerTheCallItself() {
        // write answered with its length without running: nothing reaches the log
        core.add(hook(e -> SyscallResult.value(e.arg(2)), "swallow", "write", null));
        Path log = tmp.resolve("t.log");
        ManagedProcess p = engine.launch(LaunchSpec.of(log.toString(), build("ticker")));
        await().atMost(WAIT).until(() -> core.notifications.get() >= 3);
        assertEquals(List.of(), ticks(log));
        assertEquals("running", engine.inspect(p.hostPid).state);
    }

    @Test
    void hookCanHandTheProgramADescriptorItOpened() throws Exception {
        java.nio.file.Files.writeString(tmp.resolve("real.txt"), "content from the executive\n");
        String real = tmp.resolve("real.txt").toString();
        core.add(hook(e -> "/vos-virtual/hello".equals(e.readString(e.arg(1), 4096))
                ? SyscallResult.file(real, (int) e.arg(2), (int) e.arg(3)) : SyscallResult.proceed(), "paths", "openat", "cat"));
        Path log = tmp.resolve("cat.log");
        ManagedProcess p = engine.launch(LaunchSpec.of(log.toString(), "/bin/cat", "/vos-virtual/hello"));
        assertEquals(0, engine.waitFor(p.hostPid, WAIT));
        assertEquals(List.of("content from the executive"), lines(log));
    }

    @Test
    void hookRemovedWhileItsNotificationIsPendingHangsNothing() throws Exception {
        CountDownLatch inHook = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        HookEntry h = hook(e -> {
            inHook.countDown();
            try {
                release.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException x) {
                Thread.currentThread().interrupt();
            }
            return SyscallResult.proceed();
        }, "stuck", "write", null);
        core.add(h);
        Path log = tmp.resolve("t.log");
        ManagedProcess p = engine.launch(LaunchSpec.of(log.toString(), build("ticker")));
        assertTrue(inHook.await(10, TimeUnit.SECONDS));
        // the hook's bundle stops while the program's first write waits for its answer: the program
        // is rebuilt without a filter (the pending call is interrupted and restarted there)
        core.remove(h.serviceId);
        core.awaitIdle(60_000);
        long now = ((EngineHost) host).lastHostPid;
        assertNotEquals(p.hostPid, now);
        assertEquals("0", seccompMode(now));
        await().atMost(WAIT).until(() -> ticks(log).size() >= 3);
        release.countDown();
        List<Long> t = ticks(log);
        for (int i = 0; i < t.size(); i++) {
            assertEquals(i, t.get(i), "ticks: " + t);
        }
        await().atMost(WAIT).until(() -> core.program(p.hostPid) == null);
    }

    @Test
    void interceptorGoingAwayMovesProgramsOutOfTheirFilters() {
        core.add(hook(new Recorder(), "trace", "write", null));
        Path log = tmp.resolve("t.log");
        ManagedProcess p = engine.launch(LaunchSpec.of(log.toString(), build("ticker")));
        await().atMost(WAIT).until(() -> ticks(log).size() >= 3);
        assertEquals("2", seccompMode(p.hostPid));
        assertEquals(1, core.unhookAll(60_000));
        core.close();
        long now = ((EngineHost) host).lastHostPid;
        assertEquals("0", seccompMode(now));
        int seen = ticks(log).size();
        await().atMost(WAIT).until(() -> ticks(log).size() >= seen + 3);
        List<Long> t = ticks(log);
        for (int i = 0; i < t.size(); i++) {
            assertEquals(i, t.get(i), "ticks: " + t);
        }
    }

    @Test
    void programExitingMidNotificationHangsNothing() throws Exception {
        CountDownLatch inHook = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        core.add(hook(e -> {
            inHook.countDown();
            try {
                release.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException x) {
                Thread.currentThread().interrupt();
            }
            return SyscallResult.proceed();
        }, "slow", "write", null));
        Path log = tmp.resolve("t.log");
        ManagedProcess p = engine.launch(LaunchSpec.of(log.toString(), build("ticker")));
        assertTrue(inHook.await(10, TimeUnit.SECONDS));
        engine.kill(p.hostPid); // the program dies while its write waits for the answer
        assertEquals("exited", engine.inspect(p.hostPid).state);
        release.countDown();
        await().atMost(WAIT).until(() -> core.program(p.hostPid) == null);
        assertEquals(0, core.hookTimeouts.get());
    }

    @Test
    void hookThatOverrunsIsAnsweredForAndTheProgramContinues() {
        core.close();
        core = new InterceptorCore(200, 0);
        engine.interceptor(core);
        core.add(hook(e -> {
            if (e.read(e.arg(1), 6)[5] == '1') { // only "tick 1" hangs
                try {
                    Thread.sleep(60_000);
                } catch (InterruptedException x) {
                    Thread.currentThread().interrupt();
                }
            }
            return SyscallResult.proceed();
        }, "hangs", "write", null));
        Path log = tmp.resolve("t.log");
        engine.launch(LaunchSpec.of(log.toString(), build("ticker")));
        await().atMost(WAIT).until(() -> ticks(log).size() >= 5);
        assertEquals(1, core.hookTimeouts.get(), core.stats().toString());
        List<Long> t = ticks(log);
        for (int i = 0; i < t.size(); i++) {
            assertEquals(i, t.get(i));
        }
    }

    @Test
    void hooksAddedToARunningProgramAndRemovedAgainKeepItsPidAndTicks() throws Exception {
        Path log = tmp.resolve("t.log");
        ManagedProcess p = engine.launch(LaunchSpec.of(log.toString(), build("ticker")));
        await().atMost(WAIT).until(() -> ticks(log).size() >= 3);
        assertEquals("0", seccompMode(p.hostPid));

        Recorder r = new Recorder();
        HookEntry h = hook(r, "trace", "write,clock_nanosleep", null);
        core.add(h);
        core.awaitIdle(30_000);
        long now = ((EngineHost) hostOf()).lastHostPid;
        assertNotEquals(p.hostPid, now);
        assertEquals(p.nsPid, engine.inspect(now).nsPid);
        assertEquals("2", seccompMode(now));
        assertEquals(List.of("trace"), core.hookSets(now));
        await().atMost(WAIT).until(() -> r.calls.stream().filter(c -> c.startsWith("write")).count() >= 3);

        core.remove(h.serviceId);
        core.awaitIdle(30_000);
        long after = ((EngineHost) hostOf()).lastHostPid;
        assertNotEquals(now, after);
        assertEquals("0", seccompMode(after));
        int seen = ticks(log).size();
        await().atMost(WAIT).until(() -> ticks(log).size() >= seen + 3);
        List<Long> t = ticks(log);
        for (int i = 0; i < t.size(); i++) {
            assertEquals(i, t.get(i), "ticks unbroken: " + t);
        }
        assertTrue(lines(log).stream().allMatch(l -> l.endsWith("pid 2")), lines(log).toString());
        assertEquals(2, core.rebuilds.get());
    }

    /** Seccomp mode of every thread of every process of the tree of {@code pid}. */
    private static List<String> treeModes(long pid) throws Exception {
        List<String> out = new java.util.ArrayList<>();
        try (var tasks = java.nio.file.Files.list(Path.of("/proc/" + pid + "/task"))) {
            for (Path t : tasks.toList()) {
                out.add(seccompMode(Long.parseLong(t.getFileName().toString())));
            }
        }
        String children = java.nio.file.Files.readString(Path.of("/proc/" + pid + "/task/" + pid + "/children")).trim();
        for (String c : children.isEmpty() ? new String[0] : children.split(" ")) {
            out.addAll(treeModes(Long.parseLong(c)));
        }
        return out;
    }

    @Test
    void threadsAndForkTreesGetTheirFilterWhenHooksArrive() throws Exception {
        java.util.regex.Pattern ok = java.util.regex.Pattern.compile("^count (\\d+) pid 2 OK");
        Path tlog = tmp.resolve("threads.log");
        Path flog = tmp.resolve("forktree.log");
        ManagedProcess t = engine.launch(LaunchSpec.of(tlog.toString(), build("threads4")));
        ManagedProcess f = engine.launch(LaunchSpec.of(flog.toString(), build("forktree")));
        await().atMost(WAIT).until(() -> lines(tlog).size() >= 3 && lines(flog).size() >= 3);
        Recorder r = new Recorder();
        core.add(hook(r, "trace", "write", null));
        core.awaitIdle(60_000);
        assertEquals(2, core.rebuilds.get(), core.stats().toString());
        long t2 = engine.list().stream().filter(m -> "running".equals(m.state) && m.command.get(0).endsWith("threads4"))
                .findFirst().orElseThrow().hostPid;
        long f2 = engine.list().stream().filter(m -> "running".equals(m.state) && m.command.get(0).endsWith("forktree"))
                .findFirst().orElseThrow().hostPid;
        assertNotEquals(t.hostPid, t2);
        assertNotEquals(f.hostPid, f2);
        assertEquals(List.of("2", "2", "2", "2", "2"), treeModes(t2), "every thread has the filter");
        assertEquals(List.of("2", "2", "2", "2"), treeModes(f2), "every process of the tree has it");
        int tn = lines(tlog).size();
        int fn = lines(flog).size();
        await().atMost(WAIT).until(() -> lines(tlog).size() >= tn + 3 && lines(flog).size() >= fn + 3);
        await().atMost(WAIT).until(() -> r.calls.size() >= 4);
        for (Path log : List.of(tlog, flog)) {
            List<String> all = lines(log);
            assertTrue(all.stream().noneMatch(l -> l.contains("BAD")), String.join("\n", all));
            long prev = -1;
            for (String l : all) {
                java.util.regex.Matcher m = ok.matcher(l);
                if (m.find()) {
                    long c = Long.parseLong(m.group(1));
                    assertTrue(prev < 0 || c == prev + 1, "continues: " + all);
                    prev = c;
                }
            }
        }
    }

    private InterceptorCore.Host hostOf() {
        return host;
    }
}
