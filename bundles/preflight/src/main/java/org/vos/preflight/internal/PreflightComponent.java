package org.vos.preflight.internal;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vos.api.domain.Hosts;
import org.vos.api.domain.Processes;
import org.vos.api.domain.VosException;
import org.vos.api.model.HostInfo;
import org.vos.api.model.ProcessInfo;
import org.vos.api.preflight.Plan;
import org.vos.api.preflight.PlanItem;
import org.vos.api.preflight.Preflight;
import org.vos.api.strategy.MigrationStrategy;
import org.vos.api.virt.HandleVirtualizer;
import org.vos.linux.ProcFs;

/**
 * Pre-flight of this runtime. In an executive ({@code vos.role} other than {@code manager}) it
 * plans its own programs from /proc and fetches the target's profile from the target executive
 * (found through the manager); in a manager it forwards to the executive the program lives on.
 */
@Component(service = Preflight.class, configurationPid = Preflight.PID, configurationPolicy = ConfigurationPolicy.OPTIONAL)
@Designate(ocd = PreflightComponent.Config.class)
public class PreflightComponent implements Preflight {
    private static final Logger LOG = LoggerFactory.getLogger(PreflightComponent.class);

    @ObjectClassDefinition(name = "vos pre-flight", description = "Plans of checkpoints and migrations, and what this host offers a program")
    public @interface Config {
        @AttributeDefinition(name = "Hidden CPU flags", description = "CPU flags this host does not advertise to programs that"
                + " would move here (comma or space separated, e.g. avx512f): simulates a weaker host")
        String hiddenCpuFlags() default "";
    }

    private final ProcFs proc;
    private final Path root;
    private final String host;
    private final String role;
    private final String managerUrl;
    private final Set<String> hidden;
    private final Function<String, String> bundleState;
    private final Http http = new Http();
    /** This host, probed once: as it is (a program's needs) and as advertised (minus hidden flags). */
    private volatile Map<String, Object> real, advertised;
    private final List<Descriptors.Known> virtualizers = new CopyOnWriteArrayList<>();
    private final Map<String, Descriptors.Known> strategies = new java.util.concurrent.ConcurrentHashMap<>();
    private final Map<String, MigrationStrategy> strategyServices = new java.util.concurrent.ConcurrentHashMap<>();

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    volatile Processes processes;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    volatile Hosts hosts;

    @Activate
    public PreflightComponent(Config config, BundleContext context) {
        this(Path.of("/"), prop(context, "vos.host.name", "local"), prop(context, "vos.role", "executive"),
                prop(context, "vos.manager.url", "http://127.0.0.1:7080"), Profiles.words(config.hiddenCpuFlags()),
                bsn -> state(context, bsn));
    }

    PreflightComponent(Path root, String host, String role, String managerUrl, Set<String> hidden, Function<String, String> bundleState) {
        this.root = root;
        this.proc = new ProcFs(root.resolve("proc"));
        this.host = host;
        this.role = role;
        this.managerUrl = managerUrl;
        this.hidden = hidden;
        this.bundleState = bundleState;
    }

    private static String prop(BundleContext c, String key, String def) {
        String v = c.getProperty(key);
        return v == null || v.isBlank() ? def : v;
    }

    private static String state(BundleContext c, String bsn) {
        String out = null;
        for (Bundle b : c.getBundles()) {
            if (bsn.equals(b.getSymbolicName())) {
                out = b.getState() == Bundle.ACTIVE ? "active" : "installed";
            }
        }
        return out;
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addVirtualizer(ServiceReference<HandleVirtualizer> ref, HandleVirtualizer v) {
        Bundle b = ref.getBundle();
        add(String.valueOf(ref.getProperty(HandleVirtualizer.NAME)), b == null ? "?" : b.getSymbolicName(),
                b == null ? "?" : b.getVersion().toString(), v);
    }

    void removeVirtualizer(HandleVirtualizer v) {
        virtualizers.removeIf(k -> k.v() == v);
    }

    /** Newest first, as the engine asks them. */
    void add(String name, String bundle, String version, HandleVirtualizer v) {
        virtualizers.add(0, new Descriptors.Known(name, bundle, version, v));
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addStrategy(ServiceReference<MigrationStrategy> ref, MigrationStrategy s) {
        Object n = ref.getProperty(MigrationStrategy.NAME);
        String name = n == null ? s.name() : n.toString();
        Bundle b = ref.getBundle();
        strategies.put(name, new Descriptors.Known(name, b == null ? "?" : b.getSymbolicName(), b == null ? "?" : b.getVersion().toString(), null));
        strategyServices.put(name, s);
    }

    void removeStrategy(ServiceReference<MigrationStrategy> ref, MigrationStrategy s) {
        strategyServices.values().remove(s);
        strategies.keySet().retainAll(strategyServices.keySet());
    }

    void addStrategy(String name, MigrationStrategy s) {
        strategies.put(name, new Descriptors.Known(name, "test", "0", null));
        strategyServices.put(name, s);
    }

    @Override
    public Map<String, Object> profile() {
        if (advertised == null) {
            advertised = java.util.Collections.unmodifiableMap(Profiles.probe(root, host, hidden));
        }
        Map<String, Object> p = new LinkedHashMap<>(advertised);
        Map<String, String> vs = new TreeMap<>();
        for (Descriptors.Known k : virtualizers) {
            vs.put(k.name(), k.bundle() + " " + k.version());
        }
        vs.put("files", "org.vos.engine (built in)");
        p.put("virtualizers", vs);
        Map<String, String> ss = new TreeMap<>();
        strategies.values().forEach(k -> ss.put(k.name(), k.bundle() + " " + k.version()));
        p.put("strategies", ss);
        return p;
    }

    @Override
    public Plan plan(String id, String to, String strategy) {
        Processes ps = processes;
        if (ps == null) {
            throw VosException.notAvailable("pre-flight plans (no processes service in this runtime)");
        }
        ProcessInfo pi = ps.get(id);
        if ("manager".equals(role)) {
            return forward(pi, id, to, strategy);
        }
        Plan plan = plan(pi.hostPid, to, strategy, to == null || to.isBlank() || to.equals(host) ? null : targetProfile(to));
        plan.processId = id;
        return plan;
    }

    /** The plan of the tree of {@code hostPid}; {@code target} is the target's profile (null: none, or this host when {@code to} names it). */
    Plan plan(long hostPid, String to, String strategy, Map<String, Object> target) {
        long t0 = System.nanoTime();
        String sname = strategy == null || strategy.isBlank() ? "full" : strategy;
        MigrationStrategy s = strategyServices.get(sname);
        Plan plan = new Planner(proc).plan(hostPid, host, virtualizers, s, bsn -> bundleState.apply(bsn));
        plan.to = to == null || to.isBlank() ? null : to;
        plan.strategy = sname;
        List<PlanItem> extra = new ArrayList<>();
        if (s == null && (plan.to != null || strategy != null)) {
            PlanItem i = new PlanItem();
            i.kind = "strategy";
            i.what = "strategy " + sname;
            i.blocker = true;
            i.reason = "no migration strategy " + sname + " on host " + host + " (installed: " + String.join(", ", new java.util.TreeSet<>(strategies.keySet())) + ")";
            i.remedy = "start bundle org.vos.strategy." + sname + " on " + host;
            extra.add(i);
        }
        if (real == null) {
            real = java.util.Collections.unmodifiableMap(Profiles.probe(root, host, Set.of()));
        }
        for (String k : List.of("kernel_release", "cpu_model", "cpu_flags", "xfeatures", "xsave_size", "page_size")) {
            plan.needs.put(k, real.get(k));
        }
        Map<String, String> vb = new TreeMap<>();
        for (PlanItem i : plan.items) {
            if ("fd".equals(i.kind) && i.by != null && i.bundle != null) {
                vb.put(i.by, i.bundle);
            }
        }
        plan.needs.put("virtualizer_bundles", vb);
        plan.items.addAll(extra);
        Map<String, Object> t = plan.to == null ? null : target != null ? target : profile();
        complete(plan, plan.to, sname, t);
        plan.elapsedMs = (System.nanoTime() - t0) / 1_000_000;
        LOG.debug("pre-flight of pid {} to {}: {} blockers, {} items in {} ms", hostPid, plan.to, plan.blockers, plan.items.size(), plan.elapsedMs);
        return plan;
    }

    /** Adds the comparison with {@code target} (when there is one), blockers first, and the verdict. */
    static void complete(Plan plan, String to, String strategy, Map<String, Object> target) {
        if (to != null && target != null) {
            plan.to = to;
            plan.target = target;
            plan.items.addAll(Compatibility.compare(plan.needs, target, strategy));
        }
        plan.items.sort(Comparator.comparing((PlanItem i) -> !i.blocker)); // stable: blockers first, order kept
        plan.blockers = (int) plan.items.stream().filter(i -> i.blocker).count();
        plan.ok = plan.blockers == 0;
    }

    /** The target executive's profile, found through the manager (executives: {@code vos.manager.url}). */
    private Map<String, Object> targetProfile(String to) {
        return profileOf(http.get(managerUrl + "/api/v1/hosts/" + enc(to), HostInfo.class), to);
    }

    /** A host's {@code /api/v1/preflight}; its kernel features when it has no pre-flight bundle. */
    @SuppressWarnings("unchecked")
    private Map<String, Object> profileOf(HostInfo h, String to) {
        if (!"up".equals(h.state)) {
            throw new VosException(503, "host-down", "host " + to + " is down");
        }
        String base = "http://" + h.address + ":" + h.port + "/api/v1/";
        try {
            return http.get(base + "preflight", Map.class);
        } catch (VosException e) {
            if (e.status() != 404 && e.status() != 503) {
                throw e;
            }
            Map<String, Object> f = http.get(base + "features", Map.class);
            Map<String, Object> p = new LinkedHashMap<>();
            p.put("host", to);
            p.put("kernel_release", f.get("kernel_release"));
            p.put("page_size", f.get("page_size"));
            Set<String> flags = new java.util.HashSet<>(Compatibility.strings(f.get("cpu_flags")));
            long xf = Profiles.xfeatures(flags);
            p.put("xfeatures", "0x" + Long.toHexString(xf));
            p.put("xsave_size", Profiles.xsaveSize(xf, flags.contains("xsave")));
            return p;
        }
    }

    /**
     * Manager: the executive the program lives on plans it, and the manager compares the plan's
     * needs with the target's profile (executives need not reach each other's REST API).
     */
    private Plan forward(ProcessInfo pi, String id, String to, String strategy) {
        Hosts hs = hosts;
        if (hs == null) {
            throw VosException.notAvailable("pre-flight plans (no hosts service in this manager)");
        }
        HostInfo h = hs.host(pi.host);
        boolean elsewhere = to != null && !to.isBlank() && !to.equals(pi.host);
        HostInfo target = elsewhere ? hs.host(to) : null; // unknown-host 404 before anything else
        StringBuilder url = new StringBuilder("http://" + h.address + ":" + h.port + "/api/v1/processes/" + enc(id) + "/plan");
        String sep = "?";
        if (to != null && !to.isBlank() && !elsewhere) {
            url.append(sep).append("to=").append(enc(to));
            sep = "&";
        }
        if (strategy != null && !strategy.isBlank()) {
            url.append(sep).append("strategy=").append(enc(strategy));
        }
        Plan plan = http.get(url.toString(), Plan.class);
        if (elsewhere) {
            complete(plan, to, plan.strategy, profileOf(target, to));
        }
        if (plan.processId == null) {
            plan.processId = id;
        }
        return plan;
    }

    private static String enc(String s) {
        return java.net.URLEncoder.encode(s, java.nio.charset.StandardCharsets.UTF_8);
    }

}
