package org.vos.migration.internal;

import java.io.DataInputStream;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;

import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.metatype.annotations.Designate;
import org.vos.api.domain.VosException;
import org.vos.api.migration.Transfers;
import org.vos.api.strategy.MigrationStrategy;

/**
 * The executive's {@link Transfers}: one TCP listener on the host address (default port 7091)
 * that accepts only streams it was told to expect, and the sender. Staging directories live under
 * the data dir ({@code incoming/}, {@code outgoing/}); leftovers of a crash are removed at start.
 */
@Component(service = Transfers.class, configurationPid = TransferConfig.PID, configurationPolicy = ConfigurationPolicy.OPTIONAL)
@Designate(ocd = TransferConfig.class)
public class TransferService implements Transfers {
    private static final System.Logger LOG = System.getLogger(TransferService.class.getName());

    /** One expected stream. */
    record Expected(byte[] token, String migrationId, long deadlineNanos, Receiver receiver) {
    }

    private final List<Expected> expected = new ArrayList<>();
    private final FileIdentities identities = new FileIdentities();
    private final MappedFiles mapped = new MappedFiles(Path.of("/proc"));
    private final ServerSocketChannel server;
    private final ExecutorService connections;
    private final Thread acceptor;
    private final String address;
    private final String hostName;
    private final Path incoming;
    private final Settings settings;
    private final Map<SocketChannel, Boolean> open = new ConcurrentHashMap<>();
    private final java.util.concurrent.ScheduledExecutorService watchdog;
    private final java.util.concurrent.atomic.AtomicLong corruptNext;
    private volatile boolean closed;

    /** Resolved configuration. */
    record Settings(String address, int port, Path dataDir, int ioTimeoutMs, int restoreTimeoutMs, int commitTimeoutMs,
            long testCorruptByte) {
        static Settings of(TransferConfig c, UnaryOperator<String> fw) {
            String addr = pick(c.address(), fw.apply("vos.host.address"), "127.0.0.1");
            int port = c.port() > 0 ? c.port() : Integer.parseInt(pick(fw.apply("vos.transfer.port"), "7091"));
            Path data = Path.of(pick(c.dataDir(), fw.apply("vos.data.dir"), "/var/lib/vos/data"));
            return new Settings(addr, port, data, c.ioTimeoutMs(), c.restoreTimeoutMs(), c.commitTimeoutMs(), c.testCorruptByte());
        }

        private static String pick(String... v) {
            for (String s : v) {
                if (s != null && !s.isBlank()) {
                    return s.trim();
                }
            }
            return null;
        }
    }

    @Activate
    public TransferService(TransferConfig config, BundleContext context) throws IOException {
        this(Settings.of(config, context::getProperty), context.getProperty("vos.host.name"));
    }

    TransferService(Settings s, String hostName) throws IOException {
        this.settings = s;
        this.hostName = hostName == null ? s.address() : hostName;
        this.incoming = s.dataDir().resolve("incoming");
        Staging.wipe(incoming);
        Staging.wipe(s.dataDir().resolve("outgoing"));
        server = ServerSocketChannel.open();
        InetAddress bindTo = InetAddress.getByName(s.address());
        try {
            server.bind(new InetSocketAddress(bindTo, s.port()), 16);
        } catch (java.net.BindException taken) {
            // the port only has to be known to the manager, which learns it from each expect():
            // another runtime on this address keeps it, this one takes a free one
            try {
                server.bind(new InetSocketAddress(bindTo, 0), 16);
            } catch (IOException e) {
                server.close();
                throw new IOException("vos transfers: cannot listen on " + s.address() + ": " + e.getMessage(), e);
            }
            LOG.log(Level.WARNING, "transfers: port {0} on {1} is in use, listening on {2} instead", String.valueOf(s.port()),
                    s.address(), String.valueOf(((InetSocketAddress) server.getLocalAddress()).getPort()));
        } catch (IOException e) {
            server.close();
            throw new IOException("vos transfers: cannot listen on " + s.address() + ":" + s.port() + ": " + e.getMessage(), e);
        }
        InetSocketAddress bound = (InetSocketAddress) server.getLocalAddress();
        address = s.address() + ":" + bound.getPort();
        corruptNext = new java.util.concurrent.atomic.AtomicLong(s.testCorruptByte());
        watchdog = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "vos-transfer-watchdog");
            t.setDaemon(true);
            return t;
        });
        connections = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "vos-transfer-in");
            t.setDaemon(true);
            return t;
        });
        acceptor = new Thread(this::accept, "vos-transfer-accept " + address);
        acceptor.setDaemon(true);
        acceptor.start();
        LOG.log(Level.INFO, "transfers of host {0} listen on {1}", this.hostName, address);
    }

    @Deactivate
    void close() {
        closed = true;
        try {
            server.close();
        } catch (IOException e) {
            // closing anyway
        }
        for (SocketChannel c : open.keySet()) {
            quietly(c);
        }
        connections.shutdownNow();
        watchdog.shutdownNow();
        try {
            acceptor.join(5000);
            connections.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public String address() {
        return address;
    }

    @Override
    public void expect(String token, String migrationId, Duration ttl, Receiver receiver) {
        if (token == null || token.length() < 32) {
            throw VosException.badRequest("bad-token", "a transfer token has at least 32 characters");
        }
        synchronized (expected) {
            purge();
            expected.add(new Expected(token.getBytes(StandardCharsets.UTF_8), migrationId,
                    System.nanoTime() + ttl.toNanos(), receiver));
        }
        LOG.log(Level.INFO, "migration {0}: host {1} expects a stream for {2} s", migrationId, hostName, ttl.toSeconds());
    }

    @Override
    public boolean cancel(String token) {
        return take(token == null ? new byte[0] : token.getBytes(StandardCharsets.UTF_8)) != null;
    }

    /** Removes and returns the expectation whose token matches (constant-time compare of each); null when none. */
    Expected take(byte[] token) {
        synchronized (expected) {
            purge();
            Expected found = null;
            for (Expected e : expected) {
                if (MessageDigest.isEqual(e.token, token)) {
                    found = e;
                }
            }
            if (found != null) {
                expected.remove(found);
            }
            return found;
        }
    }

    private void purge() {
        long now = System.nanoTime();
        for (Iterator<Expected> it = expected.iterator(); it.hasNext();) {
            Expected e = it.next();
            if (now - e.deadlineNanos > 0) {
                it.remove();
                LOG.log(Level.INFO, "migration {0}: expected stream did not come in time", e.migrationId);
            }
        }
    }

    @Override
    public List<FileIdentity> mappedFiles(long hostPid, MigrationStrategy strategy) {
        return identities(mapped.of(hostPid, strategy), "process " + hostPid);
    }

    @Override
    public List<FileIdentity> identities(List<String> paths) {
        return identities(paths, "the image");
    }

    private List<FileIdentity> identities(List<String> paths, String who) {
        List<FileIdentity> out = new ArrayList<>();
        for (String path : paths) {
            try {
                out.add(identities.of(path));
            } catch (IOException e) {
                throw new VosException(422, "unsupported-memory", who + " maps " + path
                        + " which cannot be read to check it on the target: " + e.getMessage(), null, e);
            }
        }
        return out;
    }

    @Override
    public Receipt send(String address, String token, String migrationId, List<FileIdentity> mapped,
            java.util.concurrent.Callable<Path> prepare, Runnable onRestored) {
        long corrupt = corruptNext.getAndSet(-1);
        if (corrupt >= 0) {
            LOG.log(Level.WARNING, "migration {0}: test fault armed: byte {1} of this stream will be corrupted", migrationId, corrupt);
        }
        return new Sender(settings, address, token, migrationId, mapped == null ? List.of() : mapped, watchdog, corrupt)
                .send(prepare, onRestored);
    }

    // --- listener ---------------------------------------------------------------------------

    private void accept() {
        while (!closed) {
            SocketChannel c;
            try {
                c = server.accept();
            } catch (ClosedChannelException e) {
                return;
            } catch (IOException e) {
                if (!closed) {
                    LOG.log(Level.WARNING, "transfer listener {0}: {1}", address, e.getMessage());
                }
                continue;
            }
            open.put(c, Boolean.TRUE);
            try {
                connections.execute(() -> {
                    try {
                        serve(c);
                    } finally {
                        open.remove(c);
                        quietly(c);
                    }
                });
            } catch (java.util.concurrent.RejectedExecutionException e) {
                open.remove(c);
                quietly(c);
            }
        }
    }

    private void serve(SocketChannel c) {
        String peer = "?";
        try {
            peer = String.valueOf(c.getRemoteAddress());
            c.setOption(StandardSocketOptions.TCP_NODELAY, true);
            c.socket().setSoTimeout(settings.ioTimeoutMs());
            // unbuffered: frames come from this stream (it honours the timeout), file bytes straight from the channel
            DataInputStream in = new DataInputStream(c.socket().getInputStream());
            new Receiving(this, settings, c, in, peer, hostName, incoming).run();
        } catch (IOException | RuntimeException e) {
            LOG.log(Level.INFO, "transfer from {0} to host {1} ended: {2}", peer, hostName, e.getMessage());
        }
    }

    /** Closes {@code c} when {@code progress} stands still for the I/O timeout (blocking channel reads have no timeout). */
    java.util.concurrent.ScheduledFuture<?> watch(SocketChannel c, java.util.function.LongSupplier progress, String what) {
        long[] last = {-1, System.nanoTime()};
        return watchdog.scheduleWithFixedDelay(() -> {
            long p = progress.getAsLong();
            long now = System.nanoTime();
            if (p != last[0]) {
                last[0] = p;
                last[1] = now;
            } else if (now - last[1] > TimeUnit.MILLISECONDS.toNanos(settings.ioTimeoutMs())) {
                LOG.log(Level.WARNING, "{0}: no progress for {1} ms, cutting the stream", what, settings.ioTimeoutMs());
                quietly(c);
            }
        }, 250, 250, TimeUnit.MILLISECONDS);
    }

    FileIdentities identities() {
        return identities;
    }

    static void quietly(SocketChannel c) {
        try {
            c.close();
        } catch (IOException e) {
            // closed anyway
        }
    }

    static boolean exists(Path p) {
        return Files.exists(p);
    }
}
