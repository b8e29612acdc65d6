package org.vos.console.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URL;
import java.util.Optional;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardServletName;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardServletPattern;

import jakarta.servlet.Servlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * Serves the web console: the page at {@code /} and its assets at {@code /console/*}, straight
 * from this bundle's {@code console/} folder. A servlet rather than a whiteboard resource so
 * that every answer carries the console's security headers (see {@link Assets#securityHeaders})
 * and {@code /} is the page itself. The REST API keeps {@code /api/v1/*} (the longer pattern
 * wins). Read-only: GET and HEAD; the console's data come from the REST API alone.
 */
@Component(service = Servlet.class)
@HttpWhiteboardServletPattern("/*")
@HttpWhiteboardServletName("vos-console")
public class ConsoleServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;

    private final transient Bundle bundle;

    @Activate
    public ConsoleServlet(BundleContext context) {
        this.bundle = context.getBundle();
    }

    @Override
    protected void service(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        Assets.securityHeaders().forEach(resp::setHeader);
        String method = req.getMethod();
        if (!method.equals("GET") && !method.equals("HEAD")) {
            resp.setHeader("Allow", "GET, HEAD");
            resp.sendError(HttpServletResponse.SC_METHOD_NOT_ALLOWED);
            return;
        }
        String path = (req.getServletPath() == null ? "" : req.getServletPath())
                + (req.getPathInfo() == null ? "" : req.getPathInfo());
        Optional<String> entry = Assets.entry(path);
        URL url = entry.map(bundle::getEntry).orElse(null);
        if (url == null) {
            resp.sendError(HttpServletResponse.SC_NOT_FOUND);
            return;
        }
        // the bundle's jar is the version: revalidate each time, 304 while it did not change
        long modified = bundle.getLastModified() / 1000 * 1000;
        long since = req.getDateHeader("If-Modified-Since");
        resp.setHeader("Cache-Control", "no-cache");
        resp.setDateHeader("Last-Modified", modified);
        if (since >= modified) {
            resp.setStatus(HttpServletResponse.SC_NOT_MODIFIED);
            return;
        }
        resp.setContentType(Assets.type(entry.get()));
        try (InputStream in = url.openStream()) {
            byte[] body = in.readAllBytes();
            resp.setContentLength(body.length);
            if (method.equals("GET")) {
                OutputStream out = resp.getOutputStream();
                out.write(body);
            }
        }
    }
}
