package org.vos.engine.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.vos.api.engine.CheckpointResult;
import org.vos.api.engine.LaunchSpec;
import org.vos.api.engine.ManagedProcess;

/**
 * Self-checking programs: launched, checkpointed, killed, restored; each must go on counting
 * from where it was frozen and its self-check must hold on every line.
 */
class ScenarioTest extends EngineFixture {

    /** Runs the whole cycle; returns the restored process. */
    ManagedProcess cycle(Path log, LaunchSpec spec, Pattern line, int before, int after) {
        ManagedProcess p = engine.launch(spec);
        Programs.awaitValue(log, line, c -> c >= before);
        CheckpointResult r = engine.checkpoint(p.hostPid, tmp.resolve("img"), false);
        assertTrue(r.bytes > 0);
        assertEquals(137, engine.waitFor(p.hostPid, Duration.ofSeconds(10)));
        long last = Programs.lastValue(log, line);
        ManagedProcess q = engine.restore(tmp.resolve("img"), null);
        Programs.awaitValue(log, line, c -> c >= last + after);
        assertContinues(log, line);
        return q;
    }

    static void assertContinues(Path log, Pattern line) {
        List<String> lines = Programs.lines(log);
        assertFalse(lines.stream().anyMatch(l -> l.contains("BAD") || l.contains("Traceback")), String.join("\n", lines));
        List<Long> counts = Programs.values(log, line);
        for (int i = 1; i < counts.size(); i++) {
            assertEquals(counts.get(i - 1) + 1, counts.get(i), "must continue, never restart: " + counts);
        }
    }

    @Test
    void signalsHandlersAltstackBlockedPending() {
        Path log = tmp.resolve("log");
        Pattern line = Pattern.compile("^count (\\d+) pid 2 OK ");
        ManagedProcess q = cycle(log, LaunchSpec.of(log.toString(), Programs.build("signals")), line, 3, 2);
        engine.signal(q.hostPid, 10); // SIGUSR1
        Pattern done = Pattern.compile("^count (\\d+) pid 2 OK usr1=1 alt=1 usr2=1 rt=1 value=42$");
        Programs.awaitValue(log, done, c -> true);
        assertContinues(log, line);
    }

    @Test
    void zombieChildStaysAZombie() {
        Path log = tmp.resolve("log");
        Pattern line = Pattern.compile("^count (\\d+) pid 2 OK zombie=3 status=7$");
        cycle(log, LaunchSpec.of(log.toString(), Programs.build("zombie")), line, 3, 3);
    }

    @Test
    void posixTimerKeepsTicking() {
        Path log = tmp.resolve("log");
        Pattern line = Pattern.compile("^count (\\d+) pid 2 OK ");
        cycle(log, LaunchSpec.of(log.toString(), Programs.build("posixtimer", "-lrt")), line, 3, 3);
    }

    @Test
    void memoryKinds() {
        Path log = tmp.resolve("log");
        Pattern line = Pattern.compile("^count (\\d+) pid 2 OK ");
        LaunchSpec spec = LaunchSpec.of(log.toString(), Programs.build("memory"), "1024", tmp.toString());
        cycle(log, spec, line, 2, 3);
    }

    @Test
    void avxRegisters() {
        Path log = tmp.resolve("log");
        Pattern line = Pattern.compile("^count (\\d+) pid 2 OK$");
        cycle(log, LaunchSpec.of(log.toString(), Programs.build("avx")), line, 3, 3);
    }

    @Test
    void python3Threads() {
        Path log = tmp.resolve("log");
        Pattern line = Pattern.compile("^count (\\d+) pid 2 OK");
        String script = String.join("\n",
                "import os, sys, threading, time",
                "lock = threading.Lock()",
                "beats = [0, 0, 0]",
                "def worker(i):",
                "    while True:",
                "        with lock: beats[i] += 1",
                "        time.sleep(0.002)",
                "for i in range(3): threading.Thread(target=worker, args=(i,), daemon=True).start()",
                "state = {'n': 0, 'data': [x * x for x in range(100000)]}",
                "last = [0, 0, 0]",
                "while True:",
                "    state['n'] += 1",
                "    for _ in range(500):",
                "        time.sleep(0.01)",
                "        with lock: now = list(beats)",
                "        if all(a > b for a, b in zip(now, last)): break",
                "    ok = all(a > b for a, b in zip(now, last)) and sum(state['data']) == 333328333350000",
                "    last = now",
                "    print('count %d pid %d %s' % (state['n'], os.getpid(), 'OK' if ok else 'BAD'), flush=True)");
        LaunchSpec spec = LaunchSpec.of(log.toString(), "python3", "-c", script);
        cycle(log, spec, line, 3, 3);
    }

    @Test
    void bashLoop() {
        Path log = tmp.resolve("log");
        Pattern line = Pattern.compile("^count (\\d+) pid 2 OK");
        String script = "i=0; s=start; while true; do i=$((i+1)); s=\"$s.\"; "
                + "[ ${#s} -eq $((i+5)) ] && ok=OK || ok=BAD; echo \"count $i pid $$ $ok\"; "
                + "for ((j=0; j<20000; j++)); do :; done; done";
        LaunchSpec spec = LaunchSpec.of(log.toString(), "bash", "-c", script);
        spec.env(Map.of("PATH", System.getenv("PATH")));
        cycle(log, spec, line, 3, 3);
    }

    @Test
    void childWithAnotherExecutable() throws Exception {
        Path log = tmp.resolve("log");
        Pattern line = Pattern.compile("^count (\\d+) pid 2 OK");
        String script = "sleep 1000 & k=$!; i=0; while true; do i=$((i+1)); "
                + "kill -0 $k && ok=OK || ok=BAD; echo \"count $i pid $$ $ok child $k\"; "
                + "for ((j=0; j<20000; j++)); do :; done; done";
        LaunchSpec spec = LaunchSpec.of(log.toString(), "bash", "-c", script);
        spec.env(Map.of("PATH", System.getenv("PATH")));
        ManagedProcess q = cycle(log, spec, line, 3, 3);
        List<Long> kids = new org.vos.linux.ProcFs(Path.of("/proc")).children(q.hostPid);
        assertEquals(1, kids.size());
        String exe = java.nio.file.Files.readSymbolicLink(Path.of("/proc/" + kids.get(0) + "/exe")).toString();
        assertTrue(exe.endsWith("/sleep"), exe);
        assertEquals("sleep", new org.vos.linux.ProcFs(Path.of("/proc")).stat(kids.get(0))[2]);
    }

    @Test
    void restoredProcessCheckpointedTwiceMore() {
        Path log = tmp.resolve("log");
        Pattern line = Pattern.compile("^count (\\d+) pid 2 OK$");
        ManagedProcess q = cycle(log, LaunchSpec.of(log.toString(), Programs.build("counter")), line, 3, 3);
        for (int round = 2; round <= 3; round++) {
            Path img = tmp.resolve("img" + round);
            engine.checkpoint(q.hostPid, img, false);
            assertEquals(137, engine.waitFor(q.hostPid, Duration.ofSeconds(10)));
            long last = Programs.lastValue(log, line);
            q = engine.restore(img, null);
            Programs.awaitValue(log, line, c -> c >= last + 3);
        }
        assertContinues(log, line);
    }
}
