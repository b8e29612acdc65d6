package org.vos.console.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;

import org.junit.jupiter.api.Test;

class AssetsTest {
    @Test
    void rootAndConsoleFolderAreThePage() {
        for (String p : new String[] {"", "/", "/index.html", "/console", "/console/"}) {
            assertEquals(Optional.of("console/index.html"), Assets.entry(p), p);
        }
    }

    @Test
    void assetsMapIntoTheBundleFolder() {
        assertEquals(Optional.of("console/app.js"), Assets.entry("/console/app.js"));
        assertEquals(Optional.of("console/pages/hosts.js"), Assets.entry("/console/pages/hosts.js"));
        assertEquals(Optional.of("console/app.css"), Assets.entry("/console/app.css"));
    }

    @Test
    void nothingOutsideTheFolderOrHidden() {
        for (String p : new String[] {"/api/v1/hosts", "/other.js", "/console/../OSGI-INF/x.xml", "/console/..",
                "/console/pages/../../META-INF/MANIFEST.MF", "/console/.hidden.js", "/console//app.js",
                "/console/a\\b.js", "/console/pages/", "/console/Thing.class", "/console/noext"}) {
            assertTrue(Assets.entry(p).isEmpty(), p);
        }
    }

    @Test
    void contentTypesByExtension() {
        assertEquals("text/javascript; charset=utf-8", Assets.type("console/app.js"));
        assertEquals("text/css; charset=utf-8", Assets.type("console/app.css"));
        assertEquals("text/html; charset=utf-8", Assets.type("console/index.html"));
        assertEquals("image/svg+xml", Assets.type("console/logo.SVG"));
        assertNull(Assets.type("console/x.class"));
        assertNull(Assets.type("console.d/file"));
    }

    @Test
    void securityHeadersForbidFramingInlineScriptAndForeignOrigins() {
        String csp = Assets.securityHeaders().get("Content-Security-Policy");
        assertTrue(csp.contains("script-src 'self'") && !csp.contains("unsafe-inline"), csp);
        assertTrue(csp.contains("connect-src 'self'"), csp);
        assertTrue(csp.contains("frame-ancestors 'none'"), csp);
        assertEquals("DENY", Assets.securityHeaders().get("X-Frame-Options"));
        assertEquals("nosniff", Assets.securityHeaders().get("X-Content-Type-Options"));
    }
}
