package org.vos.interceptor.internal;

import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.vos.api.engine.LaunchSpec;
import org.vos.api.engine.ManagedProcess;
import org.vos.api.hook.SyscallResult;

import com.google.gson.GsonBuilder;

/**
 * bench/interception: unhooked getpid with and without a filter, round trip of a hooked call
 * through Java, time a program is frozen while its hooks change. Writes -Dvos.bench.out (JSON).
 */
@Tag("bench")
class InterceptionBench extends Fixture {
    private static final Pattern NS = Pattern.compile("^(getpid|uname) ns/call ([0-9.]+)$");

    private List<Double> run(String mode, long n) throws Exception {
        Path log = tmp.resolve("loop-" + mode + "-" + System.nanoTime() + ".log");
        LaunchSpec s = LaunchSpec.of(log.toString(), build("getpid-loop"), Long.toString(n), mode);
        ManagedProcess p = engine.launch(s);
        await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(50))
                .until(() -> lines(log).contains("done"));
        engine.kill(p.hostPid);
        List<Double> out = new ArrayList<>();
        for (String l : lines(log)) {
            Matcher m = NS.matcher(l);
            if (m.find()) {
                out.add(Double.parseDouble(m.group(2)));
            }
        }
        return out;
    }

    private static double median(List<Double> l) {
        return l.stream().sorted().toList().get(l.size() / 2);
    }

    private static double min(List<Double> l) {
        return l.stream().mapToDouble(Double::doubleValue).min().orElse(Double.NaN);
    }

    @Test
    void bench() throws Exception {
        Map<String, Object> r = new LinkedHashMap<>();
        if (Boolean.getBoolean("vos.bench.rebuildOnly")) {
            rebuilds(r);
            System.out.println(r);
            return;
        }
        long n = 1_000_000;
        // alternating runs (the machine is shared): without a filter, then with one that names
        // uname only (a hook on uname applies to getpid-loop), so getpid is allowed by the BPF
        List<Double> plain = new ArrayList<>();
        List<Double> filtered = new ArrayList<>();
        HookEntry h = hook(e -> SyscallResult.proceed(), "bench", "uname", "getpid-loop");
        for (int i = 0; i < 4; i++) {
            plain.addAll(run("plain", n));
            core.add(h);
            filtered.addAll(run("plain", n));
            core.remove(h.serviceId);
        }
        core.add(h);
        r.put("getpidNoFilterNs", min(plain));
        r.put("getpidWithFilterNs", min(filtered));
        r.put("filterOverheadPct", Math.round(1000.0 * (min(filtered) - min(plain)) / min(plain)) / 10.0);
        r.put("getpidNoFilterMedianNs", median(plain));
        r.put("getpidWithFilterMedianNs", median(filtered));
        r.put("getpidNoFilterRoundsNs", plain);
        r.put("getpidWithFilterRoundsNs", filtered);
        List<Double> hooked = run("hooked", 50_000);
        r.put("hookedCallRoundTripUs", Math.round(min(hooked) / 100.0) / 10.0);
        r.put("hookedCallRoundsUs", hooked.stream().map(x -> Math.round(x / 100.0) / 10.0).toList());
        core.remove(h.serviceId);
        core.add(hook(e -> SyscallResult.value(0), "bench-answer", "uname", "getpid-loop"));
        List<Double> answered = run("hooked", 50_000);
        r.put("answeredCallRoundTripUs", Math.round(min(answered) / 100.0) / 10.0);

        rebuilds(r);
        r.put("cpus", Runtime.getRuntime().availableProcessors());
        r.put("loadavg", Files.readString(Path.of("/proc/loadavg")).trim());
        String out = System.getProperty("vos.bench.out");
        String json = new GsonBuilder().setPrettyPrinting().serializeNulls().create().toJson(r);
        System.out.println(json);
        if (out != null) {
            Files.writeString(Path.of(out), json);
        }
    }

    /** Freeze while hooks change: a ticker gets a hook set and loses it again, 5 times. */
    private void rebuilds(Map<String, Object> r) throws Exception {
        String dir = System.getProperty("vos.bench.rebuildDir");
        if (dir != null) {
            Path d = Files.createTempDirectory(Path.of(dir), "vos-bench-rebuild");
            host = new EngineHost(engine, d);
            core.host(host);
        }
        Path log = tmp.resolve("ticker.log");
        engine.launch(LaunchSpec.of(log.toString(), build("ticker")));
        await().atMost(Duration.ofSeconds(20)).until(() -> ticks(log).size() >= 3);
        core.frozenMs.clear();
        for (int i = 0; i < 5; i++) {
            HookEntry t = hook(e -> SyscallResult.proceed(), "trace", "write", "ticker");
            core.add(t);
            core.awaitIdle(60_000);
            core.remove(t.serviceId);
            core.awaitIdle(60_000);
        }
        List<Long> frozen = new ArrayList<>(core.frozenMs);
        r.put("rebuildFrozenMs", frozen);
        r.put("rebuildFrozenMsMedian", frozen.stream().sorted().toList().get(frozen.size() / 2));
        List<Long> t = ticks(log);
        boolean unbroken = true;
        for (int i = 1; i < t.size(); i++) {
            unbroken &= t.get(i) == t.get(i - 1) + 1;
        }
        r.put("tickerUnbroken", unbroken);
        r.put("rebuildDir", dir == null ? "/tmp (disk)" : dir);
    }
}
