package org.vos.itest;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.List;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Collectors;

import javax.inject.Inject;

import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.vos.api.domain.VosException;
import org.vos.api.model.BundleInfo;
import org.vos.api.runtime.BundleManager;

/**
 * Bad input to the bundle manager: each gives the documented error and changes nothing in the
 * framework (same bundles, ids and states before and after).
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class BundleManagerErrorsIT {
    private static final String BROKEN = "org.vos.itest.broken";

    @Inject
    private BundleManager bundles;

    @Configuration
    public Option[] config() {
        return VosOptions.runtime("manager");
    }

    @Test
    public void aFileThatIsNotAJarIsNotABundle() {
        String before = snapshot();
        VosException e = expect(() -> bundles.install("notes.txt", stream("this is not a jar".getBytes(StandardCharsets.UTF_8)), true));
        assertEquals(400, e.status());
        assertEquals("not-a-bundle", e.code());
        assertTrue(e.getMessage(), e.getMessage().contains("notes.txt"));
        assertEquals(before, snapshot());
    }

    @Test
    public void aJarWithoutSymbolicNameIsNotABundle() throws IOException {
        String before = snapshot();
        Manifest m = new Manifest();
        m.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        ByteArrayOutputStream jar = new ByteArrayOutputStream();
        new JarOutputStream(jar, m).close();
        VosException e = expect(() -> bundles.install("plain.jar", stream(jar.toByteArray()), false));
        assertEquals("not-a-bundle", e.code());
        assertTrue(e.getMessage(), e.getMessage().contains("Bundle-SymbolicName"));
        assertEquals(before, snapshot());
    }

    @Test
    public void aMissingImportIsReportedAndTheBundleIsNotKept() throws IOException {
        String before = snapshot();
        VosException e = expect(() -> bundles.install(BROKEN + ".jar", broken(), true));
        assertEquals(422, e.status());
        assertEquals("unresolved", e.code());
        assertTrue(e.getMessage(), e.getMessage().contains("cannot resolve") && e.getMessage().contains("org.vos.itest.nobody"));
        assertEquals(before, snapshot());
    }

    @Test
    public void installedWithoutStartItStaysInstalledAndSaysWhatIsMissing() throws IOException {
        String before = snapshot();
        BundleInfo info = bundles.install(BROKEN + ".jar", broken(), false);
        try {
            assertEquals("INSTALLED", info.state);
            assertEquals(List.of("package org.vos.itest.nobody [1.0.0,2.0.0)"), info.missing);
            VosException e = expect(() -> bundles.start(BROKEN));
            assertEquals("unresolved", e.code());
            assertEquals("INSTALLED", bundles.list().stream().filter(b -> BROKEN.equals(b.symbolicName)).findFirst().orElseThrow().state);
        } finally {
            bundles.uninstall(BROKEN);
        }
        assertEquals(before, snapshot());
    }

    @Test
    public void unknownBundlesAreNotFound() {
        for (Runnable call : List.<Runnable>of(() -> bundles.start("no.such.bundle"), () -> bundles.stop("no.such.bundle"),
                () -> bundles.uninstall("no.such.bundle"), () -> bundles.update("no.such.bundle", stream(new byte[0])))) {
            VosException e = expect(call);
            assertEquals(404, e.status());
            assertEquals("unknown-bundle", e.code());
        }
    }

    @Test
    public void theBundlesThatCarryManagementCannotBeStoppedOrRemoved() {
        String before = snapshot();
        for (Runnable call : List.<Runnable>of(() -> bundles.stop("org.apache.felix.framework"), () -> bundles.stop("org.vos.rest"),
                () -> bundles.uninstall("org.vos.runtime"), () -> bundles.stop("org.apache.felix.http.jetty12"),
                () -> bundles.update("org.vos.runtime", stream(new byte[0])))) {
            VosException e = expect(call);
            assertEquals(e.getMessage(), "protected", e.code());
        }
        assertEquals(before, snapshot());
    }

    private static InputStream broken() {
        try {
            return Files.newInputStream(TestBundles.jar(BROKEN + ".jar"));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private String snapshot() {
        return bundles.list().stream().map(b -> b.id + " " + b.symbolicName + " " + b.state).collect(Collectors.joining("\n"));
    }

    private static InputStream stream(byte[] bytes) {
        return new ByteArrayInputStream(bytes);
    }

    private static VosException expect(Runnable call) {
        try {
            call.run();
        } catch (VosException e) {
            return e;
        }
        fail("no VosException");
        return null;
    }
}
