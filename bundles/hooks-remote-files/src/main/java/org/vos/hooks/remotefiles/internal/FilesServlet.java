package org.vos.hooks.remotefiles.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardServletName;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardServletPattern;
import org.vos.api.runtime.DomainToken;

import jakarta.servlet.Servlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * {@code GET /vos-files?path=/tmp/x} with the domain token: a file of this host under the shared
 * prefixes, for the remote-files hook of another host. Nothing else is served.
 */
@Component(service = Servlet.class)
@HttpWhiteboardServletPattern("/vos-files")
@HttpWhiteboardServletName("vos-remote-files")
public class FilesServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;
    private final transient DomainToken token;

    @Activate
    public FilesServlet(@Reference DomainToken token) {
        this.token = token;
    }

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        if (!token.matches(req.getHeader(DomainToken.HEADER))) {
            resp.sendError(401, "the domain token is needed");
            return;
        }
        String path = Prefixes.normalize(req.getParameter("path"));
        if (path == null || !Prefixes.DEFAULT.covers(path)) {
            resp.sendError(403, "not a shared path");
            return;
        }
        Path p = Path.of(path);
        if (!Files.isRegularFile(p) || Files.size(p) > Prefixes.MAX_BYTES) {
            resp.sendError(404, "no such file");
            return;
        }
        byte[] b = Files.readAllBytes(p);
        resp.setStatus(200);
        resp.setContentType("application/octet-stream");
        resp.setContentLength(b.length);
        resp.getOutputStream().write(b);
    }
}
