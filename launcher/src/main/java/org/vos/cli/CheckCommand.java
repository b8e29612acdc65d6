package org.vos.cli;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

import org.vos.api.preflight.Plan;
import org.vos.api.preflight.PlanItem;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code vos check ID [--to H] [--strategy S]}: the pre-flight plan of a checkpoint or migration,
 * made without stopping the program (GET /api/v1/processes/{id}/plan, docs/preflight.md). Exit 0
 * when it can proceed, 1 with the blockers listed first otherwise.
 */
@Command(name = "check", description = "Says, without stopping the program, whether it can be checkpointed (and moved to H), and why not.")
final class CheckCommand implements Callable<Integer> {
    private final Ctx ctx;
    @Mixin
    JsonOption json;
    @Parameters(index = "0", paramLabel = "ID")
    String id;
    @Option(names = "--to", description = "Target host of the planned migration.", paramLabel = "H")
    String to;
    @Option(names = "--strategy", description = "Migration strategy (default full).", paramLabel = "S")
    String strategy;
    @Option(names = {"-v", "--verbose"}, description = "List every memory region too.")
    boolean verbose;
    @Option(names = {"-q", "--quiet"}, description = "Print nothing; only the exit status (and the error line) tell.")
    boolean quiet;

    CheckCommand(Ctx ctx) {
        this.ctx = ctx;
    }

    @Override
    public Integer call() {
        Plan plan = fetch();
        if (quiet) {
            // exit status only
        } else if (json.json) {
            ctx.json(plan);
        } else {
            print(plan);
        }
        if (!plan.ok) {
            PlanItem first = plan.items.stream().filter(i -> i.blocker).findFirst().orElse(null);
            System.err.println("vos: process " + id + " cannot " + (plan.to == null ? "be checkpointed" : "move to " + plan.to)
                    + ": " + (first == null ? "blocked" : first.line()) + (plan.blockers > 1 ? " (and " + (plan.blockers - 1) + " more)" : ""));
            return 1;
        }
        return 0;
    }

    private void print(Plan p) {
        ctx.out.printf("process %s on %s (host pid %d)%s, strategy %s: %s%n", id, p.host, p.hostPid,
                p.to == null ? "" : " -> " + p.to, p.strategy, p.ok ? "can proceed" : "BLOCKED (" + p.blockers + ")");
        for (PlanItem i : p.items) {
            if (i.blocker) {
                ctx.out.println("  BLOCKER " + i.line());
            }
        }
        List<List<String>> rows = new ArrayList<>();
        long hiddenRegions = 0;
        for (PlanItem i : p.items) {
            if (i.blocker) {
                continue;
            }
            if ("memory".equals(i.kind) && !verbose && i.bytes == 0) {
                hiddenRegions++;
                continue;
            }
            rows.add(List.of(i.kind, where(i), i.what == null ? "" : i.what, i.by == null ? "" : i.by,
                    i.action == null ? "" : i.action, i.bytes == 0 ? "" : mib(i.bytes)));
        }
        ctx.table(List.of("KIND", "WHERE", "WHAT", "BY", "ACTION", "BYTES"), rows);
        ctx.out.printf("%d processes, %d threads, %d descriptors, image ~%s%s; planned in %d ms without stopping it%n",
                p.processes, p.threads, p.descriptors, mib(p.imageBytes),
                hiddenRegions > 0 ? " (" + hiddenRegions + " regions that add nothing not shown, -v lists them)" : "", p.elapsedMs);
    }

    private static String where(PlanItem i) {
        if (i.fd >= 0) {
            return i.pid + ":" + i.fd;
        }
        if (i.tid > 0) {
            return i.pid + "/" + i.tid;
        }
        return i.pid > 0 ? Long.toString(i.pid) : "";
    }

    private static String mib(long b) {
        return b >= 1 << 20 ? String.format("%.1f MiB", b / 1048576.0) : String.format("%d KiB", b / 1024);
    }

    private Plan fetch() {
        StringBuilder q = new StringBuilder();
        if (to != null && !to.isBlank()) {
            q.append(q.length() == 0 ? "?" : "&").append("to=").append(URLEncoder.encode(to, StandardCharsets.UTF_8));
        }
        if (strategy != null && !strategy.isBlank()) {
            q.append(q.length() == 0 ? "?" : "&").append("strategy=").append(URLEncoder.encode(strategy, StandardCharsets.UTF_8));
        }
        return ctx.client().getJson("/processes/" + URLEncoder.encode(id, StandardCharsets.UTF_8) + "/plan" + q, Plan.class);
    }
}
