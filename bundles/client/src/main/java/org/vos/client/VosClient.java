package org.vos.client;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublisher;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;

import com.google.gson.Gson;
import com.google.gson.JsonElement;
import com.google.gson.JsonParseException;

import org.vos.api.domain.Bundles;
import org.vos.api.domain.Hosts;
import org.vos.api.domain.Processes;
import org.vos.api.domain.VosException;
import org.vos.api.model.BundleInfo;
import org.vos.api.engine.ImageSummary;
import org.vos.api.model.CheckpointRequest;
import org.vos.api.model.ErrorInfo;
import org.vos.api.model.HostInfo;
import org.vos.api.model.ImageInfo;
import org.vos.api.model.MigrateRequest;
import org.vos.api.model.MigrationInfo;
import org.vos.api.model.ProcessInfo;
import org.vos.api.model.RestoreRequest;
import org.vos.api.model.RunRequest;
import org.vos.api.model.VersionInfo;

/**
 * The REST API of one vos runtime (a manager or an executive) as the domain services. Error
 * bodies come back as the {@link VosException} the server raised (same code and status); a
 * runtime that cannot be reached is {@code unreachable} (503), one that does not answer in time
 * {@code timeout} (504). Thread safe; one instance per runtime and token.
 */
public final class VosClient implements Hosts, Bundles, Processes {
    private static final String API = "/api/v1";
    private static final String JSON = "application/json";
    private static final String JAR = "application/java-archive";
    /** Header of the domain token; same value as {@code DomainToken.HEADER}. */
    public static final String TOKEN_HEADER = "X-Vos-Token";

    private final URI base;
    private final String token;
    private final Duration timeout;
    private final HttpClient http;
    private final Gson gson = new Gson();

    /**
     * @param baseUrl  e.g. {@code http://127.0.0.1:7080} (a trailing slash is ignored)
     * @param token    the domain token, or null for read-only use
     * @param timeout  limit of each request, connect included
     */
    public VosClient(String baseUrl, String token, Duration timeout) {
        String b = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
        this.base = URI.create(b);
        this.token = token;
        this.timeout = timeout;
        this.http = HttpClient.newBuilder().connectTimeout(timeout).followRedirects(HttpClient.Redirect.NEVER).build();
    }

    public VosClient(String baseUrl, String token) {
        this(baseUrl, token, Duration.ofSeconds(60));
    }

    public URI base() {
        return base;
    }

    // --- runtime ---------------------------------------------------------------------------

    public VersionInfo version() {
        return get("/version", VersionInfo.class);
    }

    public JsonElement features() {
        return get("/features", JsonElement.class);
    }

    public JsonElement status() {
        return get("/status", JsonElement.class);
    }

    // --- hosts ------------------------------------------------------------------------------

    @Override
    public List<HostInfo> hosts() {
        return Arrays.asList(get("/hosts", HostInfo[].class));
    }

    @Override
    public HostInfo host(String name) {
        return get("/hosts/" + seg(name), HostInfo.class);
    }

    /** Registers a host with a manager (overrides the default of {@link Hosts}). */
    public HostInfo register(HostInfo host) {
        return json("POST", "/hosts", host, HostInfo.class);
    }

    /** Forgets a host (overrides the default of {@link Hosts}). */
    public void unregister(String name) {
        send("DELETE", "/hosts/" + seg(name), BodyPublishers.noBody(), null);
    }

    // --- bundles ----------------------------------------------------------------------------

    private static String bundles(String host) {
        return host == null ? "/bundles" : "/hosts/" + seg(host) + "/bundles";
    }

    @Override
    public List<BundleInfo> list(String host) {
        return Arrays.asList(get(bundles(host), BundleInfo[].class));
    }

    @Override
    public BundleInfo install(String host, String fileName, InputStream jar, boolean start) {
        String q = "?start=" + start + (fileName == null ? "" : "&name=" + URLEncoder.encode(fileName, StandardCharsets.UTF_8));
        return parse(send("POST", bundles(host) + q, BodyPublishers.ofByteArray(readAll(jar)), JAR), BundleInfo.class);
    }

    @Override
    public BundleInfo start(String host, String symbolicName) {
        return parse(send("POST", bundles(host) + "/" + seg(symbolicName) + "/start", BodyPublishers.noBody(), null), BundleInfo.class);
    }

    @Override
    public BundleInfo stop(String host, String symbolicName) {
        return parse(send("POST", bundles(host) + "/" + seg(symbolicName) + "/stop", BodyPublishers.noBody(), null), BundleInfo.class);
    }

    @Override
    public BundleInfo update(String host, String symbolicName, InputStream jar) {
        return parse(send("PUT", bundles(host) + "/" + seg(symbolicName), BodyPublishers.ofByteArray(readAll(jar)), JAR), BundleInfo.class);
    }

    @Override
    public void uninstall(String host, String symbolicName) {
        send("DELETE", bundles(host) + "/" + seg(symbolicName), BodyPublishers.noBody(), null);
    }

    // --- processes --------------------------------------------------------------------------

    @Override
    public List<ProcessInfo> list() {
        return Arrays.asList(get("/processes", ProcessInfo[].class));
    }

    @Override
    public ProcessInfo get(String id) {
        return get("/processes/" + seg(id), ProcessInfo.class);
    }

    @Override
    public ProcessInfo run(RunRequest request) {
        return json("POST", "/processes", request, ProcessInfo.class);
    }

    @Override
    public ImageInfo checkpoint(String id, CheckpointRequest request) {
        if (id == null) { // adopt: a process vos did not launch, named by request.pid
            return json("POST", "/images", request, ImageInfo.class);
        }
        return json("POST", "/processes/" + seg(id) + "/checkpoint", request, ImageInfo.class);
    }

    @Override
    public ImageSummary image(String host, String dir) {
        String q = "/images?dir=" + java.net.URLEncoder.encode(dir, java.nio.charset.StandardCharsets.UTF_8)
                + (host == null ? "" : "&host=" + java.net.URLEncoder.encode(host, java.nio.charset.StandardCharsets.UTF_8));
        return get(q, ImageSummary.class);
    }

    @Override
    public ProcessInfo restore(RestoreRequest request) {
        return json("POST", "/images/restore", request, ProcessInfo.class);
    }

    @Override
    public MigrationInfo migrate(String id, MigrateRequest request) {
        return json("POST", "/processes/" + seg(id) + "/migrate", request, MigrationInfo.class);
    }

    @Override
    public List<MigrationInfo> migrations() {
        return Arrays.asList(get("/migrations", MigrationInfo[].class));
    }

    @Override
    public void kill(String id) {
        send("DELETE", "/processes/" + seg(id), BodyPublishers.noBody(), null);
    }

    @Override
    public byte[] logs(String id, long offset) {
        return send("GET", "/processes/" + seg(id) + "/logs?offset=" + offset, null, null).body();
    }

    // --- plumbing ---------------------------------------------------------------------------

    private <T> T get(String path, Class<T> type) {
        return parse(send("GET", path, null, null), type);
    }

    /**
     * GET of any {@code /api/v1} path (with its query) as JSON of {@code type}, with the errors of
     * every other call: for endpoints of bundles beyond the domain services (plans, traces).
     */
    public <T> T getJson(String pathAndQuery, Class<T> type) {
        return get(pathAndQuery, type);
    }

    private <T> T json(String method, String path, Object body, Class<T> type) {
        return parse(send(method, path, BodyPublishers.ofString(gson.toJson(body), StandardCharsets.UTF_8), JSON), type);
    }

    private <T> T parse(HttpResponse<byte[]> response, Class<T> type) {
        String text = new String(response.body(), StandardCharsets.UTF_8);
        try {
            T value = gson.fromJson(text, type);
            if (value == null) {
                throw new VosException(502, "bad-response", "empty answer from " + base + response.request().uri().getPath());
            }
            return value;
        } catch (JsonParseException e) {
            throw new VosException(502, "bad-response", "answer of " + response.request().uri().getPath() + " is not JSON", text, e);
        }
    }

    private HttpResponse<byte[]> send(String method, String path, BodyPublisher body, String contentType) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + API + path)).timeout(timeout)
                .method(method, body == null ? BodyPublishers.noBody() : body).header("Accept", JSON);
        if (contentType != null) {
            b.header("Content-Type", contentType);
        }
        if (token != null && !token.isEmpty()) {
            b.header(TOKEN_HEADER, token);
        }
        HttpResponse<byte[]> response;
        try {
            response = http.send(b.build(), BodyHandlers.ofByteArray());
        } catch (HttpConnectTimeoutException e) {
            throw new VosException(503, "unreachable", "cannot reach " + base + ": connect timed out", null, e);
        } catch (HttpTimeoutException e) {
            throw new VosException(504, "timeout", base + " did not answer " + method + " " + API + path + " within " + timeout.toMillis() + " ms", null, e);
        } catch (ConnectException e) {
            throw new VosException(503, "unreachable", "cannot reach " + base + ": " + (e.getMessage() == null ? "connection refused" : e.getMessage()), null, e);
        } catch (IOException e) {
            throw new VosException(503, "unreachable", "cannot reach " + base + ": " + e, null, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new VosException(503, "interrupted", "interrupted while calling " + base, null, e);
        }
        if (response.statusCode() >= 400) {
            throw error(response);
        }
        return response;
    }

    private VosException error(HttpResponse<byte[]> response) {
        int status = response.statusCode();
        String text = new String(response.body(), StandardCharsets.UTF_8);
        ErrorInfo info = null;
        try {
            info = gson.fromJson(text, ErrorInfo.class);
        } catch (JsonParseException e) {
            // not our error body (e.g. a plain 404 page of the HTTP server): fall through
        }
        String path = response.request().method() + " " + response.request().uri().getPath();
        if (info == null || info.error == null) {
            String code = status == 401 ? "unauthorized" : status == 404 ? "not-found" : "http-" + status;
            return new VosException(status, code, path + " answered HTTP " + status, text.isBlank() ? null : text.strip(), null);
        }
        return new VosException(status, info.code == null ? "http-" + status : info.code, info.error, info.detail, null);
    }

    private static String seg(String s) {
        if (s == null || s.isEmpty()) {
            throw VosException.badRequest("bad-request", "a name is missing");
        }
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static byte[] readAll(InputStream in) {
        try (in) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public String toString() {
        return "VosClient[" + base + "]";
    }
}
