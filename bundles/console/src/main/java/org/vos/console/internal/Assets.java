package org.vos.console.internal;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Maps a request path of the console onto a resource of the bundle's {@code console/} folder:
 * {@code /} and {@code /console/} are the page itself, {@code /console/x.js} its assets.
 * Anything else (another prefix, a path climbing out with {@code ..}, a hidden file) maps to
 * nothing. No I/O here, so the rules are unit-tested on their own.
 */
final class Assets {
    static final String FOLDER = "console/";
    static final String INDEX = FOLDER + "index.html";

    private static final Map<String, String> TYPES = Map.of(
            "html", "text/html; charset=utf-8",
            "js", "text/javascript; charset=utf-8",
            "mjs", "text/javascript; charset=utf-8",
            "css", "text/css; charset=utf-8",
            "svg", "image/svg+xml",
            "png", "image/png",
            "ico", "image/x-icon",
            "json", "application/json",
            "txt", "text/plain; charset=utf-8");

    private Assets() {
    }

    /** The bundle entry for a request path (servlet path + path info), if the console has one. */
    static Optional<String> entry(String path) {
        if (path == null || path.isEmpty() || path.equals("/") || path.equals("/index.html")
                || path.equals("/console") || path.equals("/console/")) {
            return Optional.of(INDEX);
        }
        if (!path.startsWith("/console/")) {
            return Optional.empty();
        }
        String rest = path.substring("/console/".length());
        for (String part : rest.split("/", -1)) {
            if (part.isEmpty() || part.startsWith(".") || part.contains("\\")) {
                return Optional.empty();
            }
        }
        if (type(rest) == null) {
            return Optional.empty();
        }
        return Optional.of(FOLDER + rest);
    }

    /** The content type of an entry by its extension; null for kinds the console does not serve. */
    static String type(String entry) {
        int dot = entry.lastIndexOf('.');
        int slash = entry.lastIndexOf('/');
        if (dot < 0 || dot < slash) {
            return null;
        }
        return TYPES.get(entry.substring(dot + 1).toLowerCase(Locale.ROOT));
    }

    /**
     * Headers every console response carries: scripts, styles and connections only from this
     * origin (no inline script, no CDN), never framed (no click-jacking of the buttons), no
     * content sniffing, no referrer.
     */
    static Map<String, String> securityHeaders() {
        return Map.of(
                "Content-Security-Policy", "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
                        + "connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
                "X-Content-Type-Options", "nosniff",
                "X-Frame-Options", "DENY",
                "Referrer-Policy", "no-referrer",
                "Cross-Origin-Opener-Policy", "same-origin",
                "Cross-Origin-Resource-Policy", "same-origin");
    }
}
