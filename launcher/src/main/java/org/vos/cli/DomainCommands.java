package org.vos.cli;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

import com.google.gson.JsonElement;

import org.vos.api.domain.VosException;
import org.vos.api.model.HostInfo;
import org.vos.api.model.VersionInfo;
import org.vos.client.VosClient;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** The domain as a whole: up, down, status, hosts. */
final class DomainCommands {
    private DomainCommands() {
    }

    static List<List<String>> hostRows(List<HostInfo> hosts) {
        List<List<String>> rows = new ArrayList<>();
        for (HostInfo h : hosts) {
            rows.add(List.of(h.name, h.address, h.state, Integer.toString(h.processes), Integer.toString(h.bundles)));
        }
        return rows;
    }

    static final List<String> HOST_HEADER = List.of("NAME", "ADDRESS", "STATE", "PROCESSES", "BUNDLES");

    @Command(name = "up", description = "Install what the OS lacks, build what is stale, start the manager and N simulated hosts.")
    static final class UpCommand implements Callable<Integer> {
        private final Ctx ctx;
        @Mixin
        JsonOption json;
        @Option(names = "--hosts", description = "Number of simulated hosts (default: ${DEFAULT-VALUE}).", defaultValue = "2")
        int hosts;
        @Option(names = "--port", description = "Port of the manager on 127.0.0.1 (default: ${DEFAULT-VALUE}).", defaultValue = "7080")
        int port;
        @Option(names = "--no-build", description = "Do not rebuild a stale build (a missing one is still an error).")
        boolean noBuild;

        UpCommand(Ctx ctx) {
            this.ctx = ctx;
        }

        @Override
        public Integer call() {
            try (DomainLock lock = DomainLock.acquire(ctx.layout, System.err)) {
                return up();
            }
        }

        private int up() {
            Up up = new Up(ctx, System.err);
            long t0 = System.nanoTime();
            boolean already = up.running();
            if (!already && up.managerOnlyDown()) {
                System.err.println("vos: the manager was not running; restarting it (the hosts keep running)");
                up.restartManager();
            } else if (!already) {
                up.start(hosts, port, !noBuild && !"1".equals(ctx.env.get("VOS_NO_BUILD")));
            }
            List<String> dead = already ? up.deadHosts() : List.of();
            if (!dead.isEmpty()) {
                System.err.println("vos: restarting the executive of " + String.join(", ", dead));
                up.restartHosts(dead);
            }
            Layout.Domain d = ctx.layout.domain();
            String url = "http://127.0.0.1:" + d.port + "/";
            VosClient client = new VosClient(url, ctx.token(), Duration.ofSeconds(10));
            List<HostInfo> list = client.hosts();
            if (json.json) {
                Map<String, Object> out = new LinkedHashMap<>();
                out.put("url", url);
                out.put("alreadyRunning", already);
                out.put("managerPid", ctx.layout.pid("manager"));
                out.put("upMs", already ? 0 : Duration.ofNanos(System.nanoTime() - t0).toMillis());
                out.put("hosts", list);
                ctx.json(out);
                return 0;
            }
            if (already) {
                ctx.out.println("vos is already up (manager pid " + ctx.layout.pid("manager") + ")" + (d.hosts.size() != hosts
                        ? "; it has " + d.hosts.size() + " host(s): run ./vos down first to change that" : ""));
            }
            ctx.table(HOST_HEADER, hostRows(list));
            ctx.out.println(url);
            return 0;
        }
    }

    @Command(name = "down", description = "Stop every runtime and program vos started and remove the simulated hosts.")
    static final class DownCommand implements Callable<Integer> {
        private final Ctx ctx;
        @Mixin
        JsonOption json;

        DownCommand(Ctx ctx) {
            this.ctx = ctx;
        }

        @Override
        public Integer call() {
            Down.Report r;
            try (DomainLock lock = DomainLock.acquire(ctx.layout, System.err)) {
                r = Down.run(ctx.layout);
            }
            if (json.json) {
                ctx.json(r);
            } else {
                Down.print(r, ctx.out);
            }
            return 0;
        }
    }

    @Command(name = "status", description = "The manager, the hosts and the counts; non-zero exit when the manager is not reachable.")
    static final class StatusCommand implements Callable<Integer> {
        private final Ctx ctx;
        @Mixin
        JsonOption json;

        StatusCommand(Ctx ctx) {
            this.ctx = ctx;
        }

        @Override
        public Integer call() {
            VosClient c = ctx.client();
            VersionInfo v = c.version();
            List<HostInfo> hosts = c.hosts();
            JsonElement status = null;
            try {
                status = c.status();
            } catch (VosException e) {
                // older managers have no /status: the rest still says enough
            }
            long up = hosts.stream().filter(h -> "up".equals(h.state)).count();
            int processes = hosts.stream().mapToInt(h -> h.processes).sum();
            if (json.json) {
                Map<String, Object> out = new LinkedHashMap<>();
                out.put("url", c.base().toString());
                out.put("manager", v);
                out.put("hostsUp", up);
                out.put("hostsTotal", hosts.size());
                out.put("processes", processes);
                out.put("hosts", hosts);
                if (status != null) {
                    out.put("status", status);
                }
                ctx.json(out);
                return 0;
            }
            ctx.out.println("manager   " + c.base() + "  vos " + v.version + "  pid " + v.pid);
            ctx.out.println("hosts     " + up + " up of " + hosts.size());
            ctx.out.println("processes " + processes);
            if (!hosts.isEmpty()) {
                ctx.out.println();
                ctx.table(HOST_HEADER, hostRows(hosts));
            }
            return 0;
        }
    }

    @Command(name = "hosts", description = "One row per host: name, address, state, processes, bundles.")
    static final class HostsCommand implements Callable<Integer> {
        private final Ctx ctx;
        @Mixin
        JsonOption json;

        HostsCommand(Ctx ctx) {
            this.ctx = ctx;
        }

        @Override
        public Integer call() {
            List<HostInfo> hosts = ctx.client().hosts();
            if (json.json) {
                ctx.json(hosts);
            } else {
                ctx.table(HOST_HEADER, hostRows(hosts));
            }
            return 0;
        }
    }
}
