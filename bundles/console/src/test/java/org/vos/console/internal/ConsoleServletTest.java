package org.vos.console.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.lang.reflect.Proxy;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;

import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/** The servlet against a bundle whose entries are files of a temporary folder (interface proxies, no container). */
class ConsoleServletTest {
    private static final long MODIFIED = 1_790_000_000_000L;

    @TempDir
    Path root;

    @Test
    void rootServesThePageWithTheSecurityHeaders() throws IOException {
        Response r = call("GET", "/", null, -1);
        assertEquals(200, r.status);
        assertEquals("<html>console</html>", r.body.toString());
        assertEquals("text/html; charset=utf-8", r.contentType);
        assertTrue(r.headers.get("Content-Security-Policy").contains("frame-ancestors 'none'"));
        assertEquals("nosniff", r.headers.get("X-Content-Type-Options"));
        assertEquals("no-cache", r.headers.get("Cache-Control"));
    }

    @Test
    void assetsComeWithTheirTypeAndHeadHasNoBody() throws IOException {
        Response r = call("GET", "/console", "/pages/hosts.js", -1);
        assertEquals(200, r.status);
        assertEquals("text/javascript; charset=utf-8", r.contentType);
        assertEquals("export default 1;", r.body.toString());
        Response head = call("HEAD", "/console", "/pages/hosts.js", -1);
        assertEquals(200, head.status);
        assertEquals(0, head.body.size());
        assertEquals("export default 1;".length(), head.contentLength);
    }

    @Test
    void unchangedSinceTheBrowsersCopyIs304() throws IOException {
        assertEquals(304, call("GET", "/console", "/app.css", MODIFIED).status);
        assertEquals(200, call("GET", "/console", "/app.css", MODIFIED - 5000).status);
    }

    @Test
    void missingEntriesOtherPathsAndTraversalAre404() throws IOException {
        assertEquals(404, call("GET", "/console", "/nothing.js", -1).status);
        assertEquals(404, call("GET", "/other", null, -1).status);
        assertEquals(404, call("GET", "/console", "/../OSGI-INF/c.xml", -1).status);
    }

    @Test
    void writesAre405() throws IOException {
        Response r = call("POST", "/", null, -1);
        assertEquals(405, r.status);
        assertEquals("GET, HEAD", r.headers.get("Allow"));
        assertEquals(405, call("DELETE", "/console", "/app.js", -1).status);
    }

    // --- fakes ---------------------------------------------------------------------------------

    private ConsoleServlet servlet() throws IOException {
        Files.createDirectories(root.resolve("console/pages"));
        Files.writeString(root.resolve("console/index.html"), "<html>console</html>");
        Files.writeString(root.resolve("console/app.css"), "body{}");
        Files.writeString(root.resolve("console/pages/hosts.js"), "export default 1;");
        Files.createDirectories(root.resolve("OSGI-INF"));
        Files.writeString(root.resolve("OSGI-INF/c.xml"), "<secret/>");
        Bundle bundle = proxy(Bundle.class, (name, args) -> switch (name) {
            case "getEntry" -> {
                Path p = root.resolve((String) args[0]);
                yield Files.isRegularFile(p) ? toUrl(p) : null;
            }
            case "getLastModified" -> MODIFIED + 123;
            default -> throw new UnsupportedOperationException(name);
        });
        BundleContext context = proxy(BundleContext.class, (name, args) -> {
            if (name.equals("getBundle") && (args == null || args.length == 0)) {
                return bundle;
            }
            throw new UnsupportedOperationException(name);
        });
        return new ConsoleServlet(context);
    }

    private static URL toUrl(Path p) {
        try {
            return p.toUri().toURL();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private Response call(String method, String servletPath, String pathInfo, long ifModifiedSince) throws IOException {
        Response r = new Response();
        HttpServletRequest req = proxy(HttpServletRequest.class, (name, args) -> switch (name) {
            case "getMethod" -> method;
            case "getServletPath" -> servletPath;
            case "getPathInfo" -> pathInfo;
            case "getDateHeader" -> "If-Modified-Since".equals(args[0]) ? ifModifiedSince : -1L;
            default -> throw new UnsupportedOperationException(name);
        });
        ServletOutputStream out = new ServletOutputStream() {
            @Override
            public void write(int b) {
                r.body.write(b);
            }

            @Override
            public boolean isReady() {
                return true;
            }

            @Override
            public void setWriteListener(WriteListener l) {
            }
        };
        HttpServletResponse resp = proxy(HttpServletResponse.class, (name, args) -> {
            switch (name) {
                case "setHeader" -> r.headers.put((String) args[0], (String) args[1]);
                case "setDateHeader" -> r.headers.put((String) args[0], Long.toString((Long) args[1]));
                case "setStatus", "sendError" -> r.status = (Integer) args[0];
                case "setContentType" -> r.contentType = (String) args[0];
                case "setContentLength" -> r.contentLength = (Integer) args[0];
                case "getOutputStream" -> {
                    return out;
                }
                default -> throw new UnsupportedOperationException(name);
            }
            return null;
        });
        servlet().service(req, resp);
        return r;
    }

    static final class Response {
        int status = 200;
        String contentType;
        int contentLength = -1;
        final Map<String, String> headers = new HashMap<>();
        final ByteArrayOutputStream body = new ByteArrayOutputStream();
    }

    interface Handler {
        Object handle(String method, Object[] args) throws Exception;
    }

    @SuppressWarnings("unchecked")
    private static <T> T proxy(Class<T> type, Handler h) {
        return (T) Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, (p, m, args) -> {
            if (m.getDeclaringClass() == Object.class) {
                return switch (m.getName()) {
                    case "toString" -> type.getSimpleName() + " fake";
                    case "hashCode" -> System.identityHashCode(p);
                    default -> p == args[0];
                };
            }
            return h.handle(m.getName(), args);
        });
    }
}
