package org.vos.manager.internal;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.vos.api.domain.Processes;
import org.vos.api.domain.VosException;
import org.vos.api.engine.ImageSummary;
import org.vos.api.model.CheckpointRequest;
import org.vos.api.model.HostInfo;
import org.vos.api.model.ImageInfo;
import org.vos.api.model.MigrateRequest;
import org.vos.api.model.MigrationInfo;
import org.vos.api.model.ProcessInfo;
import org.vos.api.model.RestoreRequest;
import org.vos.api.model.RunRequest;
import org.vos.client.VosClient;

/**
 * The domain's processes: lists are gathered from every host that is up, calls about one
 * process go to the executive it lives on, launches to the named or least loaded host. An
 * executive's own error (e.g. 501 while process management is not wired) passes through.
 */
@Component(service = Processes.class)
public class ManagerProcesses implements Processes {
    private final Executives executives;
    /** Image directory -> host that wrote it, for checkpoints that went through this manager. */
    private final Map<String, String> images = new ConcurrentHashMap<>();

    private final Migrations migrationLog;

    public ManagerProcesses(Executives executives) {
        this(executives, (java.nio.file.Path) null);
    }

    /** Migration records are kept in {@code vos.data.dir/migrations.json} (docs/migration.md). */
    @Activate
    public ManagerProcesses(@Reference Executives executives, org.osgi.framework.BundleContext context) {
        this(executives, context.getProperty("vos.data.dir") == null ? null
                : java.nio.file.Path.of(context.getProperty("vos.data.dir"), "migrations.json"));
    }

    ManagerProcesses(Executives executives, java.nio.file.Path migrationRecords) {
        this.executives = executives;
        this.migrationLog = new Migrations(executives, id -> ownerOf(id).host(), migrationRecords);
    }

    @Override
    public List<ProcessInfo> list() {
        List<ProcessInfo> all = gather(VosClient::list, (p, h) -> p.host = p.host == null ? h : p.host);
        all.sort(Comparator.comparingLong(p -> p.startedAt));
        return oneRowPerId(all);
    }

    /**
     * For the instant of a migration both hosts know a program (the source as {@code migrating},
     * the target as {@code running}): a row that is not running is dropped when the same id runs
     * on another host. Running rows are all kept.
     */
    private static List<ProcessInfo> oneRowPerId(List<ProcessInfo> all) {
        java.util.Set<String> running = new java.util.HashSet<>();
        for (ProcessInfo p : all) {
            if ("running".equals(p.state)) {
                running.add(p.id);
            }
        }
        return all.stream().filter(p -> "running".equals(p.state) || !running.contains(p.id)).toList();
    }

    /** Every migration this manager drove, oldest first (docs/migration.md). */
    @Override
    public List<MigrationInfo> migrations() {
        return migrationLog.list();
    }

    @Override
    public ProcessInfo get(String id) {
        return owner(id).get(id);
    }

    @Override
    public ProcessInfo run(RunRequest request) {
        String host = request.host == null || request.host.isBlank() ? leastLoaded() : request.host;
        return executives.client(host).run(request);
    }

    @Override
    public ImageInfo checkpoint(String id, CheckpointRequest request) {
        if (id == null && request != null && request.pid > 0) { // adopt a process vos did not launch
            String host = request.host == null || request.host.isBlank() ? leastLoaded() : request.host;
            ImageInfo image = executives.client(host).checkpoint(null, request);
            images.put(image.dir, host);
            return image;
        }
        Owner o = ownerOf(id);
        ImageInfo image = o.client().checkpoint(id, request);
        if (image.host == null) {
            image.host = o.host();
        }
        if (image.dir != null) {
            images.put(image.dir, image.host);
        }
        return image;
    }

    /** Inspects an image where it lies: on the host named, else where this manager saw it written. */
    @Override
    public ImageSummary image(String host, String dir) {
        String where = host != null && !host.isBlank() ? host : images.get(dir);
        if (where != null) {
            return executives.client(where).image(where, dir);
        }
        for (HostInfo h : up()) {
            try {
                return executives.client(h.name).image(h.name, dir);
            } catch (VosException e) {
                if (!"no-image".equals(e.code())) {
                    throw e;
                }
            }
        }
        throw VosException.notFound("no-image", "no host that is up has an image directory " + dir);
    }

    /**
     * Without a host named, the image is restored where it was written: the host this manager
     * saw write it, else the first host that has the directory (the others answer no-image).
     */
    @Override
    public ProcessInfo restore(RestoreRequest request) {
        if (request.host != null && !request.host.isBlank()) {
            String from = request.from != null && !request.from.isBlank() ? request.from
                    : request.dir == null ? null : images.get(request.dir);
            if (from != null && !from.equals(request.host)) {
                return migrationLog.moveImage(request, from, request.host); // the image travels over TCP first
            }
            try {
                return executives.client(request.host).restore(request);
            } catch (VosException e) {
                if (!"no-image".equals(e.code()) || from != null) {
                    throw e;
                }
                return imageFromAnotherHost(request, e);
            }
        }
        String written = request.dir == null ? null : images.get(request.dir);
        if (written != null) {
            return executives.client(written).restore(request);
        }
        for (HostInfo h : up()) {
            try {
                return executives.client(h.name).restore(request);
            } catch (VosException e) {
                if (!"no-image".equals(e.code())) {
                    throw e;
                }
            }
        }
        throw VosException.notFound("no-image", "no host that is up has an image directory " + request.dir);
    }

    /** The named host lacks the image and nobody told where it was written: whichever host has it sends it. */
    private ProcessInfo imageFromAnotherHost(RestoreRequest request, VosException notThere) {
        for (HostInfo h : up()) {
            if (h.name.equals(request.host)) {
                continue;
            }
            try {
                return migrationLog.moveImage(request, h.name, request.host);
            } catch (VosException e) {
                if (!"no-image".equals(e.code())) {
                    throw e;
                }
            }
        }
        throw notThere;
    }

    @Override
    public MigrationInfo migrate(String id, MigrateRequest request) {
        preflight(id, request);
        return migrationLog.migrate(id, request);
    }

    /** Pre-flight (bundle org.vos.preflight, docs/preflight.md), optional: a migration its plan blocks is refused before anything is frozen. */
    @org.osgi.service.component.annotations.Reference(cardinality = org.osgi.service.component.annotations.ReferenceCardinality.OPTIONAL,
            policy = org.osgi.service.component.annotations.ReferencePolicy.DYNAMIC,
            policyOption = org.osgi.service.component.annotations.ReferencePolicyOption.GREEDY)
    private volatile org.vos.api.preflight.Preflight preflight;

    private void preflight(String id, MigrateRequest request) {
        org.vos.api.preflight.Preflight pf = preflight;
        if (pf == null || request == null || request.to == null || request.to.isBlank()) {
            return;
        }
        org.vos.api.preflight.Plan plan;
        try {
            plan = pf.plan(id, request.to, request.strategy);
        } catch (RuntimeException e) {
            return; // no plan (unknown process or host, host down, old executive): the migration's own checks answer
        }
        if (!plan.ok) {
            throw new VosException(422, "preflight-refused", "process " + id + " cannot move to " + request.to + ": " + plan.message());
        }
    }

    @Override
    public void kill(String id) {
        owner(id).kill(id);
    }

    @Override
    public byte[] logs(String id, long offset) {
        return owner(id).logs(id, offset);
    }

    private interface Tag<T> {
        void host(T item, String host);
    }

    private <T> List<T> gather(Function<VosClient, List<T>> call, Tag<T> tag) {
        List<T> all = new ArrayList<>();
        VosException unavailable = null;
        int answered = 0;
        for (HostInfo h : up()) {
            try {
                for (T item : call.apply(executives.client(h.name))) {
                    tag.host(item, h.name);
                    all.add(item);
                }
                answered++;
            } catch (VosException e) {
                if (e.status() == 501) {
                    unavailable = e;
                }
                // a host that went down meanwhile simply contributes nothing
            }
        }
        if (answered == 0 && unavailable != null) {
            throw unavailable;
        }
        return all;
    }

    private record Owner(String host, VosClient client) {
    }

    private VosClient owner(String id) {
        return ownerOf(id).client();
    }

    /** The executive the process lives on; 404 when no host that is up knows it. */
    private Owner ownerOf(String id) {
        VosException unavailable = null;
        for (HostInfo h : up()) {
            VosClient c = executives.client(h.name);
            try {
                c.get(id);
                return new Owner(h.name, c);
            } catch (VosException e) {
                if (e.status() == 501) {
                    unavailable = e;
                }
            }
        }
        if (unavailable != null) {
            throw unavailable;
        }
        throw VosException.notFound("unknown-process", "no process " + id + " on any host that is up");
    }

    private List<HostInfo> up() {
        return executives.hosts().stream().filter(h -> "up".equals(h.state)).toList();
    }

    private String leastLoaded() {
        return up().stream().min(Comparator.comparingInt((HostInfo h) -> h.processes).thenComparing(h -> h.name))
                .orElseThrow(() -> new VosException(503, "no-host", "no host is up")).name;
    }
}
