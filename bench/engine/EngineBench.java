import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.vos.api.engine.CheckpointResult;
import org.vos.api.engine.LaunchSpec;
import org.vos.api.engine.ManagedProcess;
import org.vos.engine.internal.EngineImpl;

import com.google.gson.GsonBuilder;

/**
 * Engine benchmark (run on demand with bench/engine/run.sh, never in unit tests): for 4 MiB,
 * 256 MiB and 1 GiB of dirty anonymous memory, the freeze time, checkpoint time (freeze to
 * complete image), restore time (image to running), image bytes and throughput; median of runs.
 */
public class EngineBench {
    public static void main(String[] args) throws Exception {
        Path work = Path.of(args[0]);
        String bin = args[1];
        Path out = Path.of(args[2]);
        int reps = args.length > 3 ? Integer.parseInt(args[3]) : 3;
        String loadBefore = Files.readString(Path.of("/proc/loadavg")).trim();
        EngineImpl engine = EngineImpl.standalone(work.resolve("data"));
        List<Map<String, Object>> rows = new ArrayList<>();
        try {
            // warm the JIT the way a long-running executive is warm: these runs are not reported
            for (int rep = 0; rep < 5; rep++) {
                once(engine, work.resolve("warm-" + rep), bin, 4, new Object[2]);
            }
            for (int mib : new int[] {4, 256, 1024}) {
                List<long[]> runs = new ArrayList<>();
                List<Object[]> phases = new ArrayList<>();
                for (int rep = 0; rep < reps; rep++) {
                    Object[] ph = new Object[2];
                    long[] r = once(engine, work.resolve(mib + "-" + rep), bin, mib, ph);
                    runs.add(r);
                    phases.add(ph);
                    System.out.println(mib + " MiB run " + rep + ": checkpoint " + r[1] / 1e6 + " ms " + ph[0]
                            + ", restore " + r[2] / 1e6 + " ms " + ph[1]);
                }
                Integer[] idx = new Integer[runs.size()];
                for (int i = 0; i < idx.length; i++) {
                    idx[i] = i;
                }
                java.util.Arrays.sort(idx, (a, b) -> Long.compare(runs.get(a)[1] + runs.get(a)[2], runs.get(b)[1] + runs.get(b)[2]));
                int med = idx[idx.length / 2];
                long[] m = runs.get(med);
                Map<String, Object> row = new LinkedHashMap<>();
                row.put("dirtyMiB", mib);
                row.put("freezeMs", m[0] / 1e6);
                row.put("checkpointMs", m[1] / 1e6);
                row.put("restoreMs", m[2] / 1e6);
                row.put("imageBytes", m[3]);
                row.put("pageBytes", m[4]);
                row.put("dumpGBps", m[4] / (double) m[1]);
                row.put("restoreGBps", m[4] / (double) m[2]);
                row.put("runs", reps);
                row.put("checkpointPhasesUs", phases.get(med)[0]);
                row.put("restorePhasesUs", phases.get(med)[1]);
                rows.add(row);
                System.out.println(row);
            }
        } finally {
            engine.close();
        }
        double reference = reference(work, bin);
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("what", "vos engine: dirty anonymous memory, checkpoint (kill) then restore; median of runs");
        doc.put("date", java.time.Instant.now().toString());
        doc.put("kernel", Files.readString(Path.of("/proc/sys/kernel/osrelease")).trim());
        doc.put("cpus", Runtime.getRuntime().availableProcessors());
        doc.put("java", System.getProperty("java.version"));
        doc.put("imageDir", work.toString());
        // the machine is shared: the load says how much of it the benchmark had
        doc.put("loadavgBefore", loadBefore);
        doc.put("loadavgAfter", Files.readString(Path.of("/proc/loadavg")).trim());
        // what the machine gives right now for the bare copy the engine does (process memory into a
        // mapped image file, no hashing, no ptrace): the yardstick for the dump throughput above
        doc.put("referenceCopyGBps", reference);
        doc.put("results", rows);
        Files.createDirectories(out.getParent());
        Files.writeString(out, new GsonBuilder().setPrettyPrinting().create().toJson(doc) + "\n");
    }

    /** {freeze ns, checkpoint ns, restore ns, image bytes, page bytes}. */
    static long[] once(EngineImpl engine, Path dir, String bin, int mib, Object[] phases) throws Exception {
        Files.createDirectories(dir);
        Path log = dir.resolve("log");
        ManagedProcess p = engine.launch(LaunchSpec.of(log.toString(), bin, Integer.toString(mib)));
        awaitBeat(log, 1);
        long t0 = System.nanoTime();
        CheckpointResult r = engine.checkpoint(p.hostPid, dir.resolve("img"), false);
        long t1 = System.nanoTime();
        engine.waitFor(p.hostPid, Duration.ofSeconds(10));
        int beats = lastBeat(log);
        long t2 = System.nanoTime();
        ManagedProcess q = engine.restore(dir.resolve("img"), null);
        long t3 = System.nanoTime();
        awaitBeat(log, beats + 2);
        if (Files.readString(log).contains("BAD")) {
            throw new IllegalStateException("restored copy failed its self-check");
        }
        engine.kill(q.hostPid);
        phases[0] = r.phasesUs;
        phases[1] = q.phasesUs;
        long[] res = {r.freezeMs * 1_000_000L, t1 - t0, t3 - t2, r.bytes, r.pageBytes};
        // keep the disk from filling: the image is not needed any more
        try (var s = Files.list(dir.resolve("img"))) {
            for (Path f : s.toList()) {
                Files.delete(f);
            }
        }
        return res;
    }

    /** GB/s of copying a 256 MiB dirty process's memory from /proc/PID/mem into a mapped file in {@code work}. */
    static double reference(Path work, String bin) throws Exception {
        Process p = new ProcessBuilder(bin, "256").redirectOutput(work.resolve("ref.log").toFile()).start();
        try {
            awaitBeat(work.resolve("ref.log"), 1);
            long start = 0, end = 0;
            for (String l : Files.readAllLines(Path.of("/proc/" + p.pid() + "/maps"))) {
                String[] r = l.split("\\s+")[0].split("-");
                long s = Long.parseUnsignedLong(r[0], 16), e = Long.parseUnsignedLong(r[1], 16);
                if (e - s >= (256L << 20)) {
                    start = s;
                    end = e;
                }
            }
            Path out = work.resolve("ref.img");
            double best = 0;
            for (int rep = 0; rep < 3; rep++) {
                Files.deleteIfExists(out);
                try (var mem = java.nio.channels.FileChannel.open(Path.of("/proc/" + p.pid() + "/mem"));
                        var o = java.nio.channels.FileChannel.open(out, java.nio.file.StandardOpenOption.CREATE,
                                java.nio.file.StandardOpenOption.READ, java.nio.file.StandardOpenOption.WRITE)) {
                    long t = System.nanoTime();
                    var m = o.map(java.nio.channels.FileChannel.MapMode.READ_WRITE, 0, end - start);
                    while (m.hasRemaining()) {
                        mem.read(m, start + m.position());
                    }
                    best = Math.max(best, (end - start) / (double) (System.nanoTime() - t));
                }
            }
            Files.deleteIfExists(out);
            return best;
        } finally {
            p.destroyForcibly().waitFor();
        }
    }

    static int lastBeat(Path log) throws Exception {
        int last = 0;
        for (String l : Files.readAllLines(log)) {
            if (l.startsWith("beat ")) {
                last = Integer.parseInt(l.split(" ")[1]);
            }
        }
        return last;
    }

    static void awaitBeat(Path log, int n) throws Exception {
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (lastBeat(log) < n) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("no beat " + n + " in " + log);
            }
            Thread.sleep(2);
        }
    }
}
