package org.vos.rest.internal;

import java.io.IOException;
import java.io.InputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardServletName;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardServletPattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vos.api.domain.Bundles;
import org.vos.api.domain.Hosts;
import org.vos.api.domain.Processes;
import org.vos.api.domain.VosException;
import org.vos.api.model.ErrorInfo;
import org.vos.api.model.VersionInfo;
import org.vos.api.runtime.BundleManager;
import org.vos.api.runtime.DomainToken;
import org.vos.api.runtime.KernelFeatures;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;

import jakarta.servlet.Servlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * The REST API of a runtime, /api/v1/*, on the Servlet Whiteboard. Every service is an optional
 * dynamic reference: a manager and an executive serve the same shapes from different
 * providers, and a missing one answers 503 instead of taking the whole API away.
 */
@Component(service = Servlet.class)
@HttpWhiteboardServletPattern("/api/v1/*")
@HttpWhiteboardServletName("vos-rest")
public class RestServlet extends HttpServlet implements Services {
    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(RestServlet.class);

    private final transient Gson gson = new GsonBuilder().disableHtmlEscaping().create();
    private final transient Api api = new Api(this, gson);
    private final transient VersionInfo version;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    private volatile Hosts hosts;
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    private volatile Bundles bundles;
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    private volatile Processes processes;
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    private volatile BundleManager bundleManager;
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    private volatile KernelFeatures features;
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    private volatile DomainToken token;
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    private volatile org.vos.api.hook.SyscallTrace trace;

    @Override
    public org.vos.api.hook.SyscallTrace trace() {
        return trace;
    }

    /** Pre-flight plans (bundle org.vos.preflight, docs/preflight.md); optional. */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    private volatile org.vos.api.preflight.Preflight preflight;

    @Override
    public org.vos.api.preflight.Preflight preflight() {
        return preflight;
    }

    @Activate
    public RestServlet(BundleContext context) {
        this.version = versionOf(context);
    }

    static VersionInfo versionOf(BundleContext context) {
        VersionInfo v = new VersionInfo();
        v.role = context.getProperty("vos.role");
        v.version = context.getProperty("vos.version");
        if (v.version == null) {
            v.version = context.getBundle().getVersion().toString();
        }
        v.host = context.getProperty("vos.host.name");
        ProcessHandle self = ProcessHandle.current();
        v.pid = self.pid();
        v.startedAt = self.info().startInstant().orElse(Instant.now()).toEpochMilli();
        return v;
    }

    @Override
    protected void service(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        ApiRequest call = new ApiRequest(req.getMethod(), segments(req.getPathInfo()), query(req.getQueryString()),
                req.getHeader(DomainToken.HEADER), body(req));
        ApiResponse answer;
        try {
            answer = api.handle(call);
        } catch (VosException e) {
            answer = new ApiResponse(e.status(), new ErrorInfo(e.code(), e.getMessage(), e.detail()), null);
            if (e.status() >= 500) {
                LOG.warn("{} {}: {} ({})", call.method(), req.getRequestURI(), e.getMessage(), e.code(), e);
            }
        } catch (RuntimeException e) {
            LOG.error("{} {} failed", call.method(), req.getRequestURI(), e);
            answer = new ApiResponse(500, new ErrorInfo("internal", "internal error: " + e, null), null);
        }
        write(resp, answer);
    }

    private void write(HttpServletResponse resp, ApiResponse answer) throws IOException {
        resp.setStatus(answer.status());
        resp.setHeader("Cache-Control", "no-store");
        if (answer.raw() != null) {
            resp.setContentType("application/octet-stream");
            resp.setContentLength(answer.raw().length);
            resp.getOutputStream().write(answer.raw());
        } else if (answer.json() != null) {
            resp.setContentType("application/json");
            resp.setCharacterEncoding("UTF-8");
            byte[] json = gson.toJson(answer.json()).getBytes(StandardCharsets.UTF_8);
            resp.setContentLength(json.length);
            resp.getOutputStream().write(json);
        }
    }

    private static InputStream body(HttpServletRequest req) throws IOException {
        String m = req.getMethod();
        return m.equals("POST") || m.equals("PUT") ? req.getInputStream() : null;
    }

    static List<String> segments(String pathInfo) {
        List<String> out = new ArrayList<>();
        if (pathInfo != null) {
            for (String s : pathInfo.split("/")) {
                if (!s.isEmpty()) {
                    out.add(s);
                }
            }
        }
        return out;
    }

    static Map<String, String> query(String queryString) {
        Map<String, String> out = new LinkedHashMap<>();
        if (queryString != null) {
            for (String pair : queryString.split("&")) {
                int eq = pair.indexOf('=');
                String k = eq < 0 ? pair : pair.substring(0, eq);
                String v = eq < 0 ? "true" : pair.substring(eq + 1);
                out.putIfAbsent(URLDecoder.decode(k, StandardCharsets.UTF_8), URLDecoder.decode(v, StandardCharsets.UTF_8));
            }
        }
        return out;
    }

    @Override
    public Hosts hosts() {
        return hosts;
    }

    @Override
    public Bundles bundles() {
        return bundles;
    }

    @Override
    public Processes processes() {
        return processes;
    }

    @Override
    public BundleManager bundleManager() {
        return bundleManager;
    }

    @Override
    public KernelFeatures features() {
        return features;
    }

    @Override
    public DomainToken token() {
        return token;
    }

    @Override
    public VersionInfo version() {
        return version;
    }
}
