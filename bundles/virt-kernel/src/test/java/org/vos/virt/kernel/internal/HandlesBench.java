package org.vos.virt.kernel.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vos.api.engine.LaunchSpec;
import org.vos.api.engine.ManagedProcess;
import org.vos.virt.files.internal.DeletedFileVirtualizer;
import org.vos.virt.files.internal.MemfdVirtualizer;
import org.vos.virt.files.internal.PrivateFileVirtualizer;

/**
 * Checkpoint (with kill) and restore time added per 1000 descriptors of each class, against the
 * same program holding none; median of 5 rounds. Run by bench/handles/run.sh.
 */
@Tag("bench")
class HandlesBench {
    private static final int ROUNDS = 5;
    @TempDir
    Path tmp;

    @Test
    void perThousandDescriptors() throws Exception {
        Path src = Path.of(System.getProperty("vos.bench.src", "../../bench/handles/many.c")).toAbsolutePath();
        Path bin = Cycle.BIN.resolve("many");
        Files.createDirectories(Cycle.BIN);
        Process gcc = new ProcessBuilder("gcc", "-O1", "-o", bin.toString(), src.toString()).inheritIO().start();
        assertEquals(0, gcc.waitFor());
        Cycle c = new Cycle(new PipeVirtualizer(), new EventfdVirtualizer(), new EpollVirtualizer(), new TimerfdVirtualizer(),
                new SignalfdVirtualizer(), new InotifyVirtualizer(), new DeletedFileVirtualizer(), new MemfdVirtualizer(),
                new PrivateFileVirtualizer());
        Map<String, Integer> classes = new LinkedHashMap<>();
        for (String k : new String[] {"none", "file", "tmp", "deleted", "memfd", "pipe", "eventfd", "timerfd", "signalfd", "epoll"}) {
            classes.put(k, 1000);
        }
        classes.put("none", 0);
        classes.put("inotify", 100); // fs.inotify.max_user_instances is 128
        StringBuilder json = new StringBuilder("{\n  \"what\": \"checkpoint (kill) and restore time added per 1000 descriptors of a class, ms; median of 5 rounds; the program holding none is subtracted\",\n");
        json.append("  \"machine\": \"").append(Runtime.getRuntime().availableProcessors()).append(" cpus, kernel ")
                .append(Files.readString(Path.of("/proc/sys/kernel/osrelease")).trim()).append("\",\n  \"classes\": {\n");
        double[] base = null;
        try {
            measure(c, bin, "none", 0); // warm-up: JIT, page cache, vos-init
            int k = 0;
            for (Map.Entry<String, Integer> e : classes.entrySet()) {
                double[] m = measure(c, bin, e.getKey(), e.getValue());
                if (base == null) {
                    base = m;
                }
                double scale = e.getValue() == 0 ? 0 : 1000.0 / e.getValue();
                json.append(String.format("    \"%s\": {\"descriptors\": %d, \"checkpointMs\": %.1f, \"restoreMs\": %.1f, "
                        + "\"addedCheckpointMsPer1000\": %.1f, \"addedRestoreMsPer1000\": %.1f}%s%n", e.getKey(), e.getValue(),
                        m[0], m[1], (m[0] - base[0]) * scale, (m[1] - base[1]) * scale, ++k < classes.size() ? "," : ""));
            }
        } finally {
            c.engine.close();
        }
        json.append("  }\n}\n");
        Path out = Path.of(System.getProperty("vos.bench.out", "target/handles.json"));
        Files.writeString(out, json);
        System.out.println(json);
    }

    private double[] measure(Cycle c, Path bin, String cls, int n) throws IOException {
        List<Double> ck = new ArrayList<>();
        List<Double> rs = new ArrayList<>();
        for (int round = 0; round < ROUNDS; round++) {
            Path dir = Files.createDirectories(tmp.resolve(cls + round + "-" + System.nanoTime()));
            Path log = dir.resolve("log");
            ManagedProcess p = c.engine.launch(LaunchSpec.of(log.toString(), bin.toString(), cls, Integer.toString(n), dir.toString()));
            Cycle.awaitValue(log, Cycle.COUNT, x -> x >= 2);
            long t0 = System.nanoTime();
            c.engine.checkpoint(p.hostPid, dir.resolve("img"), false);
            long t1 = System.nanoTime();
            c.engine.waitFor(p.hostPid, Duration.ofSeconds(10));
            long last = Cycle.lastValue(log, Cycle.COUNT);
            long t2 = System.nanoTime();
            ManagedProcess q = c.engine.restore(dir.resolve("img"), null);
            long t3 = System.nanoTime();
            Cycle.awaitValue(log, Cycle.COUNT, x -> x >= last + 2);
            Cycle.assertClean(log);
            c.engine.kill(q.hostPid);
            ck.add((t1 - t0) / 1e6);
            rs.add((t3 - t2) / 1e6);
        }
        Collections.sort(ck);
        Collections.sort(rs);
        return new double[] {ck.get(ROUNDS / 2), rs.get(ROUNDS / 2)};
    }
}
