package org.vos.rest.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import org.vos.api.domain.Bundles;
import org.vos.api.domain.Hosts;
import org.vos.api.domain.Processes;
import org.vos.api.domain.VosException;
import org.vos.api.model.BundleInfo;
import org.vos.api.model.CheckpointRequest;
import org.vos.api.model.HostInfo;
import org.vos.api.model.MigrateRequest;
import org.vos.api.model.RestoreRequest;
import org.vos.api.model.RunRequest;
import org.vos.api.model.VersionInfo;
import org.vos.api.runtime.BundleManager;
import org.vos.api.runtime.DomainToken;

import com.google.gson.Gson;
import com.google.gson.JsonParseException;

/**
 * Routes /api/v1 calls onto the domain services. No business logic lives here: each route
 * checks that its service is present (503 {@code unavailable} otherwise), decodes the body and
 * hands over. Mutating calls need the domain token; that check is made here, once.
 */
final class Api {
    private final Services services;
    private final Gson gson;

    Api(Services services, Gson gson) {
        this.services = services;
        this.gson = gson;
    }

    ApiResponse handle(ApiRequest r) {
        if (r.mutating()) {
            DomainToken token = services.token();
            if (token == null || !token.matches(r.token())) {
                throw new VosException(401, "unauthorized", r.token() == null
                        ? "this call needs the domain token (header " + DomainToken.HEADER + ")"
                        : "the domain token does not match");
            }
        }
        List<String> p = r.path();
        if (p.isEmpty()) {
            throw notFound(r);
        }
        return switch (p.get(0)) {
            case "version" -> only(r, "GET", 1, () -> ApiResponse.ok(services.version()));
            case "features" -> only(r, "GET", 1, () -> ApiResponse.ok(need(services.features(), "kernel features").features()));
            case "status" -> only(r, "GET", 1, () -> ApiResponse.ok(status()));
            case "hosts" -> hosts(r, p);
            case "bundles" -> bundles(r, p.subList(1, p.size()), local());
            case "processes" -> processes(r, p);
            case "images" -> images(r, p);
            case "migrations" -> only(r, "GET", 1, () -> ApiResponse.ok(processes().migrations()));
            // what this host offers a program that moves here (docs/preflight.md)
            case "preflight" -> only(r, "GET", 1, () -> ApiResponse.ok(preflight().profile()));
            default -> throw notFound(r);
        };
    }

    /** GET images?dir=&host= inspects, POST images adopts a foreign pid, POST images/restore restores. */
    private ApiResponse images(ApiRequest r, List<String> p) {
        if (p.size() == 2) {
            return only(r, "POST", 2, () -> {
                if (!p.get(1).equals("restore")) {
                    throw notFound(r);
                }
                return ApiResponse.ok(processes().restore(body(r, RestoreRequest.class)));
            });
        }
        if ("GET".equals(r.method())) {
            String dir = r.query("dir", null);
            if (dir == null || dir.isBlank()) {
                throw VosException.badRequest("no-dir", "which image? give ?dir=DIR");
            }
            return only(r, "GET", 1, () -> ApiResponse.ok(processes().image(r.query("host", null), dir)));
        }
        return only(r, "POST", 1, () -> ApiResponse.ok(processes().checkpoint(null, body(r, CheckpointRequest.class))));
    }

    private Map<String, Object> status() {
        VersionInfo v = services.version();
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("role", v.role);
        s.put("version", v.version);
        s.put("host", v.host);
        s.put("pid", v.pid);
        s.put("startedAt", v.startedAt);
        BundleManager bm = services.bundleManager();
        if (bm != null) {
            List<BundleInfo> bundles = bm.list();
            s.put("bundles", bundles.size());
            s.put("bundlesActive", bundles.stream().filter(b -> "ACTIVE".equals(b.state)).count());
        }
        Hosts hosts = services.hosts();
        if (hosts != null) {
            List<HostInfo> all = hosts.hosts();
            s.put("hosts", all.size());
            s.put("hostsUp", all.stream().filter(h -> "up".equals(h.state)).count());
        }
        Processes processes = services.processes();
        if (processes != null) {
            try {
                s.put("processes", processes.list().size());
            } catch (VosException e) {
                s.put("processes", null);
            }
        }
        Map<String, Boolean> available = new LinkedHashMap<>();
        available.put("hosts", hosts != null);
        available.put("bundles", services.bundles() != null);
        available.put("processes", processes != null);
        s.put("services", available);
        return s;
    }

    private ApiResponse hosts(ApiRequest r, List<String> p) {
        if (p.size() == 1) {
            return switch (r.method()) {
                case "GET" -> ApiResponse.ok(hostsService().hosts());
                case "POST" -> ApiResponse.ok(hostsService().register(body(r, HostInfo.class)));
                default -> throw notAllowed(r);
            };
        }
        String name = p.get(1);
        if (p.size() == 2) {
            return switch (r.method()) {
                case "GET" -> ApiResponse.ok(hostsService().host(name));
                case "DELETE" -> {
                    hostsService().unregister(name);
                    yield ApiResponse.noContent();
                }
                default -> throw notAllowed(r);
            };
        }
        if (p.get(2).equals("bundles")) {
            return bundles(r, p.subList(3, p.size()), remote(name));
        }
        throw notFound(r);
    }

    /** Bundle management of one runtime: the local framework, or a host through {@link Bundles}. */
    interface BundleOps {
        List<BundleInfo> list();

        BundleInfo install(String fileName, InputStream jar, boolean start);

        BundleInfo start(String bsn);

        BundleInfo stop(String bsn);

        BundleInfo update(String bsn, InputStream jar);

        void uninstall(String bsn);
    }

    private BundleOps local() {
        BundleManager m = need(services.bundleManager(), "bundle management");
        return new BundleOps() {
            public List<BundleInfo> list() {
                return m.list();
            }

            public BundleInfo install(String fileName, InputStream jar, boolean start) {
                return m.install(fileName, jar, start);
            }

            public BundleInfo start(String bsn) {
                return m.start(bsn);
            }

            public BundleInfo stop(String bsn) {
                return m.stop(bsn);
            }

            public BundleInfo update(String bsn, InputStream jar) {
                return m.update(bsn, jar);
            }

            public void uninstall(String bsn) {
                m.uninstall(bsn);
            }
        };
    }

    private BundleOps remote(String host) {
        Bundles b = need(services.bundles(), "bundle management of hosts");
        return new BundleOps() {
            public List<BundleInfo> list() {
                return b.list(host);
            }

            public BundleInfo install(String fileName, InputStream jar, boolean start) {
                return b.install(host, fileName, jar, start);
            }

            public BundleInfo start(String bsn) {
                return b.start(host, bsn);
            }

            public BundleInfo stop(String bsn) {
                return b.stop(host, bsn);
            }

            public BundleInfo update(String bsn, InputStream jar) {
                return b.update(host, bsn, jar);
            }

            public void uninstall(String bsn) {
                b.uninstall(host, bsn);
            }
        };
    }

    private ApiResponse bundles(ApiRequest r, List<String> p, BundleOps ops) {
        if (p.isEmpty()) {
            return switch (r.method()) {
                case "GET" -> ApiResponse.ok(ops.list());
                case "POST" -> ApiResponse.ok(ops.install(r.query("name", null), r.body(), Boolean.parseBoolean(r.query("start", "false"))));
                default -> throw notAllowed(r);
            };
        }
        String bsn = p.get(0);
        if (p.size() == 1) {
            return switch (r.method()) {
                case "GET" -> ApiResponse.ok(ops.list().stream().filter(b -> bsn.equals(b.symbolicName)).findFirst()
                        .orElseThrow(() -> VosException.notFound("unknown-bundle", "no bundle " + bsn + " in this runtime")));
                case "PUT" -> ApiResponse.ok(ops.update(bsn, r.body()));
                case "DELETE" -> {
                    ops.uninstall(bsn);
                    yield ApiResponse.noContent();
                }
                default -> throw notAllowed(r);
            };
        }
        if (p.size() == 2 && r.method().equals("POST")) {
            return switch (p.get(1)) {
                case "start" -> ApiResponse.ok(ops.start(bsn));
                case "stop" -> ApiResponse.ok(ops.stop(bsn));
                default -> throw notFound(r);
            };
        }
        throw p.size() == 2 && (p.get(1).equals("start") || p.get(1).equals("stop")) ? notAllowed(r) : notFound(r);
    }

    private ApiResponse processes(ApiRequest r, List<String> p) {
        if (p.size() == 1) {
            return switch (r.method()) {
                case "GET" -> ApiResponse.ok(processes().list());
                case "POST" -> ApiResponse.ok(processes().run(body(r, RunRequest.class)));
                default -> throw notAllowed(r);
            };
        }
        String id = p.get(1);
        if (p.size() == 2) {
            return switch (r.method()) {
                case "GET" -> ApiResponse.ok(processes().get(id));
                case "DELETE" -> {
                    processes().kill(id);
                    yield ApiResponse.noContent();
                }
                default -> throw notAllowed(r);
            };
        }
        if (p.size() == 3) {
            switch (p.get(2)) {
                case "checkpoint":
                    return only(r, "POST", 3, () -> ApiResponse.ok(processes().checkpoint(id, body(r, CheckpointRequest.class))));
                case "migrate":
                    return only(r, "POST", 3, () -> ApiResponse.ok(processes().migrate(id, body(r, MigrateRequest.class))));
                case "logs":
                    return only(r, "GET", 3, () -> ApiResponse.bytes(processes().logs(id, offset(r))));
                case "plan":
                    // pre-flight: what a checkpoint or migration would touch, without stopping it (docs/preflight.md)
                    return only(r, "GET", 3, () -> ApiResponse.ok(preflight().plan(id, r.query("to", null), r.query("strategy", null))));
                case "trace":
                    // the hooks-trace bundle's buffer of this program (executives; `vos trace ID`)
                    return only(r, "GET", 3, () -> ApiResponse.ok(need(services.trace(), "the API trace (bundle org.vos.hooks.trace)")
                            .entries(processes().get(id).hostPid, since(r))));
                default:
                    break;
            }
        }
        throw notFound(r);
    }

    private static long since(ApiRequest r) {
        try {
            return Long.parseLong(r.query("since", "0"));
        } catch (NumberFormatException e) {
            throw VosException.badRequest("bad-request", "since must be a number");
        }
    }

    private static long offset(ApiRequest r) {
        try {
            long offset = Long.parseLong(r.query("offset", "0"));
            if (offset < 0) {
                throw new NumberFormatException();
            }
            return offset;
        } catch (NumberFormatException e) {
            throw VosException.badRequest("bad-request", "offset must be a number >= 0");
        }
    }

    private Hosts hostsService() {
        return need(services.hosts(), "the hosts service");
    }

    private org.vos.api.preflight.Preflight preflight() {
        return need(services.preflight(), "pre-flight (bundle org.vos.preflight)");
    }

    private Processes processes() {
        return need(services.processes(), "the processes service");
    }

    private static <T> T need(T service, String what) {
        if (service == null) {
            throw new VosException(503, "unavailable", what + " is not available in this runtime");
        }
        return service;
    }

    private <T> T body(ApiRequest r, Class<T> type) {
        if (r.body() == null) {
            throw VosException.badRequest("bad-request", "this call needs a JSON body");
        }
        try (Reader in = new InputStreamReader(r.body(), StandardCharsets.UTF_8)) {
            T value = gson.fromJson(in, type);
            if (value == null) {
                throw VosException.badRequest("bad-request", "this call needs a JSON body");
            }
            return value;
        } catch (JsonParseException e) {
            throw new VosException(400, "bad-request", "the body is not a valid " + type.getSimpleName() + ": " + e.getMessage(), null, e);
        } catch (IOException e) {
            throw new VosException(400, "bad-request", "cannot read the body: " + e.getMessage(), null, e);
        }
    }

    private static ApiResponse only(ApiRequest r, String method, int length, Supplier<ApiResponse> handler) {
        if (r.path().size() != length) {
            throw notFound(r);
        }
        if (!r.method().equals(method)) {
            throw notAllowed(r);
        }
        return handler.get();
    }

    private static VosException notFound(ApiRequest r) {
        return VosException.notFound("not-found", "no such resource: /api/v1/" + String.join("/", r.path()));
    }

    private static VosException notAllowed(ApiRequest r) {
        return new VosException(405, "method-not-allowed", r.method() + " is not allowed on /api/v1/" + String.join("/", r.path()));
    }
}
