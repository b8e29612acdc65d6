package org.vos.manager.internal;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.LongSupplier;
import java.util.regex.Pattern;

import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;
import org.vos.api.domain.Hosts;
import org.vos.api.domain.VosException;
import org.vos.api.model.HostInfo;
import org.vos.api.runtime.DomainToken;
import org.vos.client.VosClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The hosts of the domain. Heartbeats are pulled: the manager listens on loopback only, which an
 * executive inside its own network namespace cannot reach, so the manager polls every registered
 * executive ({@code GET /api/v1/hosts/{name}}, which also brings its counts and pid) each
 * interval; a host that has not answered for {@code downAfterMs} is {@code down}, and {@code up}
 * again from its next answer.
 */
@Component(service = {Hosts.class, Executives.class}, configurationPid = ManagerConfig.PID, configurationPolicy = ConfigurationPolicy.OPTIONAL)
@Designate(ocd = ManagerConfig.class)
public class HostRegistry implements Hosts, Executives {
    private static final Logger LOG = LoggerFactory.getLogger(HostRegistry.class);
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,62}");

    /** One registered host: what was registered, what the last heartbeat said, and its client. */
    private static final class Entry {
        final HostInfo registered;
        final VosClient heartbeat;
        final VosClient client;
        final AtomicBoolean polling = new AtomicBoolean();
        volatile HostInfo last;
        volatile long lastSeen;

        Entry(HostInfo registered, VosClient heartbeat, VosClient client) {
            this.registered = registered;
            this.heartbeat = heartbeat;
            this.client = client;
        }
    }

    private final Map<String, Entry> hosts = new ConcurrentHashMap<>();
    private final HostStore store;
    private final String token;
    private final long downAfterMs;
    private final Duration requestTimeout;
    private final LongSupplier clock;
    private final ScheduledExecutorService ticker;
    private final ExecutorService pollers;
    /** Where heartbeats run: the pollers, or the caller's thread in tests. */
    private final Executor pollOn;

    @Activate
    public HostRegistry(ManagerConfig config, BundleContext context, @Reference DomainToken token) {
        this(store(config, context), token.value(), config.downAfterMs(), Duration.ofMillis(config.requestTimeoutMs()), System::currentTimeMillis, false);
        ticker.scheduleWithFixedDelay(this::pollAll, 0, config.heartbeatIntervalMs(), TimeUnit.MILLISECONDS);
    }

    /**
     * Without a ticker: tests drive {@link #pollAll()} and the clock themselves; {@code inline}
     * runs each heartbeat on the calling thread so no poll is in flight behind a test's back.
     */
    HostRegistry(HostStore store, String token, long downAfterMs, Duration requestTimeout, LongSupplier clock, boolean inline) {
        this.store = store;
        this.token = token;
        this.downAfterMs = downAfterMs;
        this.requestTimeout = requestTimeout;
        this.clock = clock;
        this.ticker = Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "vos-heartbeat"));
        this.pollers = Executors.newCachedThreadPool(r -> daemon(r, "vos-heartbeat-poll"));
        this.pollOn = inline ? Runnable::run : pollers;
        for (HostInfo h : store.load()) {
            put(h);
        }
    }

    private static HostStore store(ManagerConfig config, BundleContext context) {
        String dir = config.dataDir().isBlank() ? context.getProperty("vos.data.dir") : config.dataDir();
        return new HostStore(dir == null || dir.isBlank() ? null : Path.of(dir));
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }

    @Deactivate
    void deactivate() throws InterruptedException {
        ticker.shutdownNow();
        pollers.shutdownNow();
        // bounded: a poll in flight ends with its request timeout at the latest
        pollers.awaitTermination(requestTimeout.toMillis() + 500, TimeUnit.MILLISECONDS);
    }

    // --- Hosts ------------------------------------------------------------------------------

    @Override
    public List<HostInfo> hosts() {
        List<HostInfo> out = new ArrayList<>();
        for (Entry e : hosts.values()) {
            out.add(describe(e));
        }
        out.sort(Comparator.comparing((HostInfo h) -> h.name.length()).thenComparing(h -> h.name));
        return out;
    }

    @Override
    public HostInfo host(String name) {
        return describe(entry(name));
    }

    @Override
    public HostInfo register(HostInfo host) {
        if (host == null || host.name == null || !NAME.matcher(host.name).matches()) {
            throw VosException.badRequest("bad-host", "a host needs a name of letters, digits, '.', '_' or '-'");
        }
        if (host.address == null || host.address.isBlank() || host.port <= 0 || host.port > 65535) {
            throw VosException.badRequest("bad-host", "host " + host.name + " needs an address and a port");
        }
        HostInfo registered = new HostInfo();
        registered.name = host.name;
        registered.address = host.address.trim();
        registered.port = host.port;
        Entry e = put(registered);
        synchronized (hosts) {
            store.save(hosts.values().stream().map(x -> x.registered).toList());
        }
        LOG.info("host {} registered at {}:{}", registered.name, registered.address, registered.port);
        poll(e);
        return describe(e);
    }

    @Override
    public void unregister(String name) {
        if (hosts.remove(entry(name).registered.name) != null) {
            synchronized (hosts) {
                store.save(hosts.values().stream().map(x -> x.registered).toList());
            }
            LOG.info("host {} unregistered", name);
        }
    }

    // --- Executives -------------------------------------------------------------------------

    @Override
    public VosClient client(String name) {
        Entry e = entry(name);
        if (!isUp(e)) {
            throw new VosException(503, "host-down", "host " + name + " is down (no heartbeat from " + e.registered.address + ":" + e.registered.port + ")");
        }
        return e.client;
    }

    // --- heartbeats -------------------------------------------------------------------------

    /** Polls every host that has no poll in flight; a hung executive never delays the others. */
    void pollAll() {
        for (Entry e : hosts.values()) {
            poll(e);
        }
    }

    private void poll(Entry e) {
        if (!e.polling.compareAndSet(false, true)) {
            return;
        }
        try {
            pollOn.execute(() -> {
                try {
                    beat(e);
                } finally {
                    e.polling.set(false);
                }
            });
        } catch (RejectedExecutionException stopped) {
            e.polling.set(false);
        }
    }

    /** One heartbeat, on the calling thread. */
    void beat(Entry e) {
        boolean wasUp = isUp(e);
        try {
            HostInfo answer = e.heartbeat.host(e.registered.name);
            e.last = answer;
            e.lastSeen = clock.getAsLong();
            if (!wasUp) {
                LOG.info("host {} is up (executive pid {})", e.registered.name, answer.executivePid);
            }
        } catch (VosException ex) {
            if (wasUp && !isUp(e)) {
                LOG.warn("host {} is down: {}", e.registered.name, ex.getMessage());
            }
        }
    }

    /** Test hook: one synchronous heartbeat of the named host. */
    void beat(String name) {
        beat(entry(name));
    }

    private boolean isUp(Entry e) {
        return e.lastSeen > 0 && clock.getAsLong() - e.lastSeen <= downAfterMs;
    }

    private Entry put(HostInfo registered) {
        String base = "http://" + (registered.address.contains(":") ? "[" + registered.address + "]" : registered.address) + ":" + registered.port;
        Entry e = new Entry(registered, new VosClient(base, null, requestTimeout), new VosClient(base, token));
        hosts.put(registered.name, e);
        return e;
    }

    private Entry entry(String name) {
        Entry e = name == null ? null : hosts.get(name);
        if (e == null) {
            throw VosException.notFound("unknown-host", "no host named " + name + (hosts.isEmpty() ? " (no hosts are registered)" : " (known: " + String.join(", ", hosts.keySet().stream().sorted().toList()) + ")"));
        }
        return e;
    }

    private HostInfo describe(Entry e) {
        HostInfo h = new HostInfo();
        HostInfo last = e.last;
        h.name = e.registered.name;
        h.address = e.registered.address;
        h.port = e.registered.port;
        h.state = isUp(e) ? "up" : "down";
        h.lastSeen = e.lastSeen;
        if (last != null) {
            h.processes = last.processes;
            h.bundles = last.bundles;
            h.executivePid = last.executivePid;
            h.kernel = last.kernel;
        }
        return h;
    }
}
