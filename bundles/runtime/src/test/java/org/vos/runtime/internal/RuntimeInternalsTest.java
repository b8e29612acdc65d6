package org.vos.runtime.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Dictionary;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vos.api.domain.VosException;

import com.google.gson.JsonParser;

class RuntimeInternalsTest {
    @TempDir
    Path tmp;

    @Test
    void versionRangesOfRequirementFilters() {
        assertEquals("[1.0.0,2.0.0)", Requirements.versions("(&(osgi.wiring.package=a.b)(version>=1.0.0)(!(version>=2.0.0)))"));
        assertEquals("1.2.0", Requirements.versions("(&(osgi.wiring.package=a.b)(version>=1.2.0))"));
        assertEquals("", Requirements.versions("(osgi.wiring.package=a.b)"));
        assertEquals("[1.0.0,1.0.0]", Requirements.versions("(&(osgi.wiring.bundle=x)(bundle-version=1.0.0))"));
    }

    @Test
    void onlyJarsWithASymbolicNameAreBundles() throws IOException {
        VosException e = assertThrows(VosException.class, () -> JarManifests.identity("a.txt", "hello".getBytes()));
        assertEquals("not-a-bundle", e.code());
        assertEquals(400, e.status());
        e = assertThrows(VosException.class, () -> JarManifests.identity("empty.jar", new byte[0]));
        assertTrue(e.getMessage().contains("empty"), e.getMessage());
        e = assertThrows(VosException.class, () -> JarManifests.identity("plain.jar", jar(null)));
        assertTrue(e.getMessage().contains("Bundle-SymbolicName"), e.getMessage());
        JarManifests.Identity id = JarManifests.identity("b.jar", jar("org.example.b;singleton:=true"));
        assertEquals("org.example.b", id.symbolicName());
        assertEquals("1.2.3", id.version());
    }

    private static byte[] jar(String bsn) throws IOException {
        Manifest m = new Manifest();
        m.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        if (bsn != null) {
            m.getMainAttributes().putValue("Bundle-SymbolicName", bsn);
            m.getMainAttributes().putValue("Bundle-Version", "1.2.3");
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new JarOutputStream(out, m).close();
        return out.toByteArray();
    }

    @Test
    void configurationValuesFollowTheFeatureSpec() {
        Dictionary<String, Object> d = ConfigValues.toDictionary(JsonParser.parseString("""
                {"s": "x", "n": 5, "d": 1.5, "b": true, "list": ["a", "b"], "port:Integer": "80", "ids:Long[]": [1, 2], "gone": null}
                """).getAsJsonObject());
        assertEquals("x", d.get("s"));
        assertEquals(5L, d.get("n"));
        assertEquals(1.5, d.get("d"));
        assertEquals(true, d.get("b"));
        assertArrayEquals(new String[] {"a", "b"}, (String[]) d.get("list"));
        assertEquals(80, d.get("port"));
        assertArrayEquals(new Long[] {1L, 2L}, (Long[]) d.get("ids"));
        assertNull(d.get("gone"));
        assertEquals(7, d.size());
    }

    @Test
    void theTokenIsReadFromItsFileAndFollowsChanges() throws IOException {
        Path file = tmp.resolve("token");
        FileDomainToken token = new FileDomainToken(file);
        assertFalse(token.matches("anything"), "no file: nothing matches");
        assertNull(token.value());
        Files.writeString(file, "s3cret\n");
        assertTrue(token.matches("s3cret"));
        assertFalse(token.matches("s3cre"));
        assertFalse(token.matches(null));
        Files.writeString(file, "other\n");
        Files.setLastModifiedTime(file, FileTime.fromMillis(Files.getLastModifiedTime(file).toMillis() + 2000));
        assertTrue(token.matches("other"));
        assertFalse(new FileDomainToken((Path) null).matches("other"));
    }
}
