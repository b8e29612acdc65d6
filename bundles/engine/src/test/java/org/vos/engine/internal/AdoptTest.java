package org.vos.engine.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.vos.api.domain.VosException;
import org.vos.api.engine.ManagedProcess;
import org.vos.linux.Sys;

/** checkpoint --pid of a process vos did not launch (randomized layout, host pid namespace). */
class AdoptTest extends EngineFixture {
    long outside;

    /** Starts the counter detached from this JVM (sh exits, the counter is re-parented). */
    long startOutside(String bin, Path log) throws Exception {
        return startOutside(log, bin);
    }

    long startOutside(Path log, String... command) throws Exception {
        java.util.List<String> argv = new java.util.ArrayList<>(java.util.List.of("sh", "-c",
                "\"$@\" >> \"$0\" 2>&1 < /dev/null & echo $!", log.toString()));
        argv.addAll(java.util.List.of(command));
        Process sh = new ProcessBuilder(argv).redirectErrorStream(true).start();
        String out = new String(sh.getInputStream().readAllBytes()).trim();
        assertEquals(0, sh.waitFor());
        outside = Long.parseLong(out);
        return outside;
    }

    @AfterEach
    void killOutside() {
        if (outside > 0 && Sys.alive(outside)) {
            Sys.kill(outside, Sys.SIGKILL);
        }
    }

    @Test
    void adoptedProcessIsRestoredAtItsPid() throws Exception {
        String bin = Programs.build("counter");
        Path log = tmp.resolve("log");
        long pid = startOutside(bin, log);
        Pattern line = Pattern.compile("^count (\\d+) pid " + pid + " OK$");
        Programs.awaitValue(log, line, c -> c >= 3);
        engine.checkpoint(pid, tmp.resolve("img"), false);
        assertEquals(List.of(), running(bin));
        long last = Programs.lastValue(log, line);
        ManagedProcess q = engine.restore(tmp.resolve("img"), null);
        assertEquals(pid, q.hostPid);
        Programs.awaitValue(log, line, c -> c >= last + 3);
        ScenarioTest.assertContinues(log, line);
        engine.kill(q.hostPid);
    }

    @Test
    void unprivilegedProcessKeepsItsCredentials() throws Exception {
        String bin = Programs.build("counter");
        Path log = tmp.resolve("log");
        long pid = startOutside(log, "setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", bin);
        Pattern line = Pattern.compile("^count (\\d+) pid " + pid + " OK$");
        Programs.awaitValue(log, line, c -> c >= 3);
        engine.checkpoint(pid, tmp.resolve("img"), false);
        long last = Programs.lastValue(log, line);
        ManagedProcess q = engine.restore(tmp.resolve("img"), null);
        Programs.awaitValue(log, line, c -> c >= last + 3);
        java.util.Map<String, String> st = new org.vos.linux.ProcFs(Path.of("/proc")).status(q.hostPid);
        assertEquals("65534\t65534\t65534\t65534", st.get("Uid"));
        assertEquals("65534\t65534\t65534\t65534", st.get("Gid"));
        assertEquals("", st.get("Groups"));
        ScenarioTest.assertContinues(log, line);
        engine.kill(q.hostPid);
    }

    @Test
    void restoreWhosePidIsTakenLeavesNothing() throws Exception {
        String bin = Programs.build("counter");
        Path log = tmp.resolve("log");
        long pid = startOutside(bin, log);
        Pattern line = Pattern.compile("^count (\\d+) pid " + pid + " OK$");
        Programs.awaitValue(log, line, c -> c >= 2);
        engine.checkpoint(pid, tmp.resolve("img"), true);
        VosException e = assertThrows(VosException.class, () -> engine.restore(tmp.resolve("img"), null));
        assertEquals("pid-taken", e.code());
        assertTrue(e.getMessage().contains(Long.toString(pid)) || e.getMessage().contains("124"), e.getMessage());
        assertEquals(List.of(pid), running(bin));
        long now = Programs.lastValue(log, line);
        Programs.awaitValue(log, line, c -> c >= now + 2);
    }
}
