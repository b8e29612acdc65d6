package com.example.virt.urandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vos.api.engine.LaunchSpec;
import org.vos.api.engine.ManagedProcess;
import org.vos.engine.internal.EngineImpl;
import org.vos.engine.internal.FileVirtualizer;
import org.vos.engine.internal.Virtualizers;

/** The documented example works: bash holding /dev/urandom on fd 5 is checkpointed and restored through it. */
class UrandomExampleTest {
    @TempDir
    Path tmp;

    @Test
    void urandomIsReopened() throws Exception {
        Virtualizers v = new Virtualizers();
        v.builtin(FileVirtualizer.NAME, new FileVirtualizer());
        v.add("example.urandom", new UrandomVirtualizer());
        EngineImpl engine = new EngineImpl(Path.of("target/engine-data").toAbsolutePath(), v);
        try {
            Path log = tmp.resolve("log");
            // builtins only: no child process, no pipe in the tree
            String script = "exec 5</dev/urandom; i=0; while true; do i=$((i+1)); "
                    + "if IFS= read -r -N 4 -u 5 x && [[ /dev/fd/5 -ef /dev/urandom ]]; then echo \"count $i OK\"; "
                    + "else echo \"count $i BAD\"; fi; for ((j=0; j<20000; j++)); do :; done; done";
            ManagedProcess p = engine.launch(LaunchSpec.of(log.toString(), "/bin/bash", "-c", script));
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> lines(log).size() >= 3);
            engine.checkpoint(p.hostPid, tmp.resolve("img"), false);
            assertEquals(137, engine.waitFor(p.hostPid, Duration.ofSeconds(10)));
            assertTrue(engine.inspectImage(tmp.resolve("img")).processes.get(0).fds.stream().anyMatch(f -> f.endsWith("(example.urandom)")));
            int before = lines(log).size();
            engine.restore(tmp.resolve("img"), null);
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> lines(log).size() >= before + 3);
            assertTrue(lines(log).stream().allMatch(l -> l.endsWith(" OK")), lines(log).toString());
        } finally {
            engine.close();
        }
    }

    private static List<String> lines(Path log) throws java.io.IOException {
        return java.nio.file.Files.exists(log) ? java.nio.file.Files.readAllLines(log) : List.of();
    }
}
