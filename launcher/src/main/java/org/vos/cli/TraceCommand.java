package org.vos.cli;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;

import org.vos.api.domain.VosException;
import org.vos.api.hook.TraceEntry;
import org.vos.api.model.HostInfo;
import org.vos.api.model.ProcessInfo;
import org.vos.client.VosClient;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code vos trace ID}: the API trace the hooks-trace bundle keeps for a program, read from the
 * executive the program lives on (GET /api/v1/processes/{id}/trace?since=N, docs/interception.md).
 */
@Command(name = "trace", description = "The system calls hooks-trace recorded for a program (install the hook set first).")
final class TraceCommand implements Callable<Integer> {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss.SSS").withZone(ZoneId.systemDefault());
    private final Ctx ctx;
    @Mixin
    JsonOption json;
    @Parameters(index = "0", paramLabel = "ID")
    String id;
    @Option(names = {"-f", "--follow"}, description = "Keep printing new calls until the program exits.")
    boolean follow;
    @Option(names = "--since", description = "Only calls with a sequence number above N.", paramLabel = "N")
    long since;

    TraceCommand(Ctx ctx) {
        this.ctx = ctx;
    }

    @Override
    public Integer call() {
        VosClient manager = ctx.client();
        ProcessInfo p = manager.get(id);
        String base = executive(manager, p);
        VosClient executive = new VosClient(base, null, Duration.ofSeconds(30));
        List<TraceEntry> all = new ArrayList<>();
        long seq = since;
        while (true) {
            List<TraceEntry> batch = fetch(executive, seq);
            for (TraceEntry t : batch) {
                seq = Math.max(seq, t.seq);
                if (json.json) {
                    all.add(t);
                } else {
                    ctx.out.printf("%7d %s %7d %s(%s) -> %s%n", t.seq, TIME.format(Instant.ofEpochMilli(t.time)), t.tid, t.call,
                            t.args, t.result);
                }
            }
            ctx.out.flush();
            if (!follow || (batch.isEmpty() && "exited".equals(manager.get(id).state))) {
                break;
            }
            if (batch.isEmpty()) {
                Runtimes.pause(300);
            }
        }
        if (json.json) {
            ctx.json(all);
        }
        return 0;
    }

    /** The executive's base URL: the host the manager says the program lives on. */
    private static String executive(VosClient manager, ProcessInfo p) {
        if (p.host == null) {
            return manager.base().toString();
        }
        try {
            HostInfo h = manager.host(p.host);
            if (h.address != null && h.port > 0) {
                return "http://" + h.address + ":" + h.port;
            }
        } catch (VosException e) {
            // an executive answering for itself: it is the base already
        }
        return manager.base().toString();
    }

    private List<TraceEntry> fetch(VosClient executive, long after) {
        TraceEntry[] a = executive.getJson("/processes/" + id + "/trace?since=" + after, TraceEntry[].class);
        return Arrays.asList(a);
    }
}
