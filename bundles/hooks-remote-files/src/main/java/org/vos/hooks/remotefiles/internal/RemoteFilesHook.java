package org.vos.hooks.remotefiles.internal;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;

import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vos.api.hook.SyscallEvent;
import org.vos.api.hook.SyscallHook;
import org.vos.api.hook.SyscallResult;
import org.vos.api.runtime.DomainToken;


/**
 * Hook set {@code remote-files}: a read-only {@code open}/{@code openat} of an absolute path under
 * /tmp/ or /var/tmp/ that does not exist on this host is answered with a copy fetched on demand
 * from another host of the domain that has it (framework property {@code vos.remotefiles.peers}:
 * executive base URLs, comma separated; default: the simulated hosts of this domain), cached under
 * {@code ${vos.data.dir}/remote-files}. A file found nowhere: the call runs and fails as usual.
 */
@Component(service = SyscallHook.class,
        property = {SyscallHook.SYSCALLS + "=openat,open", SyscallHook.HOOK_SET + "=remote-files"})
public final class RemoteFilesHook implements SyscallHook {
    private static final Logger LOG = LoggerFactory.getLogger(RemoteFilesHook.class);
    private static final int O_ACCMODE = 3, O_CREAT = 0100;
    private final DomainToken token;
    private final String address;
    private final String port;
    private final java.util.List<String> configuredPeers;
    private final Path cache;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofMillis(500)).build();

    @Activate
    public RemoteFilesHook(BundleContext context, @Reference DomainToken token) {
        this.token = token;
        this.address = context.getProperty("vos.host.address");
        this.port = context.getProperty("vos.http.port");
        String peers = context.getProperty("vos.remotefiles.peers");
        this.configuredPeers = peers == null || peers.isBlank() ? java.util.List.of()
                : java.util.Arrays.stream(peers.split(",")).map(String::trim).filter(x -> !x.isEmpty()).toList();
        String base = context.getProperty("vos.data.dir");
        this.cache = Path.of(base != null ? base : System.getProperty("java.io.tmpdir"), "remote-files");
    }

    @Override
    public SyscallResult handle(SyscallEvent e) {
        boolean at = e.name().equals("openat");
        int flags = (int) e.arg(at ? 2 : 1);
        if ((flags & O_ACCMODE) != 0 || (flags & O_CREAT) != 0) {
            return SyscallResult.proceed();
        }
        String path = Prefixes.normalize(e.readString(e.arg(at ? 1 : 0), 4096));
        if (path == null || !Prefixes.DEFAULT.covers(path) || Files.exists(Path.of(path))) {
            return SyscallResult.proceed();
        }
        try {
            Path local = fetch(path);
            return local == null ? SyscallResult.proceed() : SyscallResult.file(local.toString(), flags, 0);
        } catch (IOException | RuntimeException x) {
            LOG.warn("process {}: fetching {} from another host failed: {}", e.hostPid(), path, x.toString());
            return SyscallResult.proceed();
        } catch (InterruptedException x) {
            Thread.currentThread().interrupt();
            return SyscallResult.proceed();
        }
    }

    private Path fetch(String path) throws IOException, InterruptedException {
        for (Path c : cached(path)) {
            if (Files.isRegularFile(c)) {
                return c;
            }
        }
        for (String peer : peers()) {
            URI uri = URI.create(peer + "/vos-files?path=" + URLEncoder.encode(path, StandardCharsets.UTF_8));
            HttpResponse<byte[]> r;
            try {
                r = http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofMillis(800)).header(DomainToken.HEADER, token.value())
                        .GET().build(), HttpResponse.BodyHandlers.ofByteArray());
            } catch (IOException x) {
                if (configuredPeers.isEmpty()) {
                    break; // simulated hosts are numbered without gaps: no host further on
                }
                continue;
            }
            if (r.statusCode() == 200) {
                String name = URI.create(peer).getHost();
                Path target = cache.resolve(name).resolve(path.substring(1));
                Files.createDirectories(target.getParent());
                Path tmp = Files.createTempFile(target.getParent(), ".fetch", ".tmp");
                Files.write(tmp, r.body());
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                LOG.info("{} fetched from {} ({} bytes)", path, peer, r.body().length);
                return target;
            }
        }
        return null;
    }

    /**
     * The other executives: the configured peers, else the simulated hosts of this domain (the
     * hosts of `vos up` sit at .11, .12, ... of this host's /24 on this host's port; a host cannot
     * reach the manager to ask it).
     */
    java.util.List<String> peers() {
        if (!configuredPeers.isEmpty()) {
            return configuredPeers;
        }
        java.util.List<String> out = new java.util.ArrayList<>();
        if (address == null || port == null) {
            return out;
        }
        int dot = address.lastIndexOf('.');
        if (dot < 0) {
            return out;
        }
        String net = address.substring(0, dot + 1);
        for (int i = 11; i < 11 + 32; i++) {
            String a = net + i;
            if (!a.equals(address)) {
                out.add("http://" + a + ":" + port);
            }
        }
        return out;
    }

    private java.util.List<Path> cached(String path) throws IOException {
        if (!Files.isDirectory(cache)) {
            return java.util.List.of();
        }
        try (var hosts = Files.list(cache)) {
            return hosts.map(h -> h.resolve(path.substring(1))).toList();
        }
    }
}
