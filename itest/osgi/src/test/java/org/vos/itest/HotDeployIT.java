package org.vos.itest;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import javax.inject.Inject;

import org.junit.After;
import org.junit.Before;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleEvent;
import org.osgi.framework.BundleListener;
import org.osgi.framework.FrameworkUtil;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceReference;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.util.tracker.ServiceTracker;
import org.vos.api.domain.VosException;
import org.vos.api.model.BundleInfo;
import org.vos.api.runtime.BundleManager;
import org.vos.api.virt.Handle;
import org.vos.api.virt.HandleVirtualizer;

/**
 * Hot deploy into a running executive: the sample virtualizer's service appears when the bundle
 * is installed and started, is replaced by an update, and is gone when it is stopped and
 * uninstalled, through the bundle manager and through the deploy directory; no other bundle
 * changes state or restarts.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class HotDeployIT {
    private static final String SAMPLE = "org.vos.itest.sample";

    @Inject
    private BundleContext context;

    @Inject
    private BundleManager bundles;

    @Inject
    private ConfigurationAdmin configAdmin;

    private ServiceTracker<HandleVirtualizer, HandleVirtualizer> sample;
    private final List<String> othersEvents = new ArrayList<>();
    private final BundleListener listener = this::record;
    private Map<Long, String> before;

    @Configuration
    public Option[] config() {
        return VosOptions.runtime("executive");
    }

    @Before
    public void watch() throws Exception {
        sample = new ServiceTracker<>(context,
                context.createFilter("(&(objectClass=" + HandleVirtualizer.class.getName() + ")(" + HandleVirtualizer.NAME + "=sample))"),
                null);
        sample.open();
        before = others();
        context.addBundleListener(listener);
    }

    @After
    public void unwatch() {
        context.removeBundleListener(listener);
        sample.close();
    }

    private void record(BundleEvent e) {
        Bundle b = e.getBundle();
        if (!SAMPLE.equals(b.getSymbolicName())) {
            synchronized (othersEvents) {
                othersEvents.add(b.getSymbolicName() + " " + type(e.getType()));
            }
        }
    }

    @Test
    public void sampleVirtualizerComesAndGoesThroughTheBundleManager() throws Exception {
        BundleInfo info;
        try (InputStream in = Files.newInputStream(TestBundles.jar(SAMPLE + ".jar"))) {
            info = bundles.install(SAMPLE + ".jar", in, true);
        }
        assertEquals("ACTIVE", info.state);
        HandleVirtualizer v = sample.waitForService(10_000);
        assertNotNull("the sample HandleVirtualizer service did not appear", v);
        Handle h = new Handle();
        h.kind = "sample";
        assertTrue(v.claims(h));

        assertEquals("RESOLVED", bundles.stop(SAMPLE).state);
        assertNull("the service outlived its bundle's stop", sample.getServiceReference());

        assertEquals("ACTIVE", bundles.start(SAMPLE).state);
        assertNotNull("the service did not come back", sample.waitForService(10_000));

        bundles.uninstall(SAMPLE);
        assertNull("the service outlived its bundle", sample.getServiceReference());
        assertTrue(bundles.list().stream().noneMatch(b -> SAMPLE.equals(b.symbolicName)));

        assertOthersUntouched();
    }

    @Test
    public void anUpdateReplacesTheServiceAndNothingElse() throws Exception {
        try (InputStream in = Files.newInputStream(TestBundles.jar(SAMPLE + ".jar"))) {
            bundles.install(SAMPLE + ".jar", in, true);
        }
        try {
            ServiceReference<HandleVirtualizer> first = sample.waitForService(10_000) == null ? null : sample.getServiceReference();
            assertNotNull("the sample HandleVirtualizer service did not appear", first);
            long id = bundle(SAMPLE).getBundleId();
            BundleInfo updated;
            try (InputStream in = Files.newInputStream(TestBundles.jar(SAMPLE + ".jar"))) {
                updated = bundles.update(SAMPLE, in);
            }
            assertEquals("ACTIVE", updated.state);
            assertEquals("an update keeps the bundle id", id, updated.id);
            assertNotNull(sample.waitForService(10_000));
            assertTrue("the service was not registered anew",
                    (Long) sample.getServiceReference().getProperty("service.id") > (Long) first.getProperty("service.id"));
            try (InputStream jar = Files.newInputStream(TestBundles.jar("org.vos.itest.broken.jar"))) {
                VosException e = assertThrows(VosException.class, () -> bundles.update(SAMPLE, jar));
                assertEquals("a jar of another bundle is refused", "wrong-bundle", e.code());
            }
            assertEquals("ACTIVE", RuntimeHealth.state(bundle(SAMPLE).getState()));
        } finally {
            bundles.uninstall(SAMPLE);
        }
        assertNull(sample.getServiceReference());
        assertOthersUntouched();
    }

    @Test
    public void aFailedUpdateIsRolledBack() throws Exception {
        try (InputStream in = Files.newInputStream(TestBundles.jar(SAMPLE + ".jar"))) {
            bundles.install(SAMPLE + ".jar", in, true);
        }
        try {
            assertNotNull(sample.waitForService(10_000));
            long id = bundle(SAMPLE).getBundleId();
            byte[] unresolvable = TestBundles.withImport(TestBundles.jar(SAMPLE + ".jar"), "org.vos.itest.nobody");
            VosException e = assertThrows(VosException.class, () -> bundles.update(SAMPLE, new ByteArrayInputStream(unresolvable)));
            assertEquals("unresolved", e.code());
            assertTrue(e.getMessage(), e.getMessage().contains("org.vos.itest.nobody"));
            Bundle after = bundle(SAMPLE);
            assertEquals(id, after.getBundleId());
            assertEquals("the old content runs again", "ACTIVE", RuntimeHealth.state(after.getState()));
            assertTrue("the old manifest is back", !after.getHeaders().get("Import-Package").contains("org.vos.itest.nobody"));
            assertNotNull("the service is back", sample.getServiceReference());
        } finally {
            bundles.uninstall(SAMPLE);
        }
        assertOthersUntouched();
    }

    @Test
    public void sampleVirtualizerComesAndGoesThroughTheDeployDirectory() throws Exception {
        Path deploy = Path.of(context.getProperty("felix.fileinstall.dir"));
        Path jar = deploy.resolve(SAMPLE + ".jar");
        Files.copy(TestBundles.jar(SAMPLE + ".jar"), jar, StandardCopyOption.REPLACE_EXISTING);
        try {
            assertNotNull("FileInstall did not start the sample dropped into " + deploy, sample.waitForService(20_000));
        } finally {
            Files.delete(jar);
        }
        Object gone = Await.until(context, 20_000, () -> bundle(SAMPLE) == null ? Boolean.TRUE : null);
        assertNotNull("FileInstall did not uninstall the sample after its jar was deleted", gone);
        assertNull(sample.getServiceReference());
        assertOthersUntouched();
    }

    @Test
    public void aConfigurationFileInTheDeployDirectoryConfiguresItsPid() throws Exception {
        Path cfg = Path.of(context.getProperty("felix.fileinstall.dir")).resolve("org.vos.itest.probe.cfg");
        Files.writeString(cfg, "answer = 42\n");
        try {
            Object answer = Await.until(context, 20_000, () -> {
                org.osgi.service.cm.Configuration c = probeConfiguration();
                return c == null ? null : c.getProperties().get("answer");
            });
            assertEquals("42", answer);
        } finally {
            Files.delete(cfg);
        }
        assertNotNull("the configuration outlived its file", Await.until(context, 20_000, () -> probeConfiguration() == null ? Boolean.TRUE : null));
        assertOthersUntouched();
    }

    private org.osgi.service.cm.Configuration probeConfiguration() {
        try {
            org.osgi.service.cm.Configuration[] found = configAdmin.listConfigurations("(service.pid=org.vos.itest.probe)");
            return found == null ? null : found[0];
        } catch (IOException | InvalidSyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private void assertOthersUntouched() {
        synchronized (othersEvents) {
            assertEquals("other bundles changed state", List.of(), othersEvents);
        }
        assertEquals("ids or states of other bundles changed", before, others());
    }

    /** Every bundle but the sample and the test probe: id to name and state. */
    private Map<Long, String> others() {
        Map<Long, String> m = new TreeMap<>();
        long probe = FrameworkUtil.getBundle(getClass()).getBundleId();
        for (Bundle b : context.getBundles()) {
            if (!SAMPLE.equals(b.getSymbolicName()) && b.getBundleId() != probe) {
                m.put(b.getBundleId(), b.getSymbolicName() + " " + RuntimeHealth.state(b.getState()));
            }
        }
        return m;
    }

    private Bundle bundle(String bsn) {
        for (Bundle b : context.getBundles()) {
            if (bsn.equals(b.getSymbolicName())) {
                return b;
            }
        }
        return null;
    }

    private static String type(int t) {
        return switch (t) {
            case BundleEvent.INSTALLED -> "INSTALLED";
            case BundleEvent.RESOLVED -> "RESOLVED";
            case BundleEvent.STARTING -> "STARTING";
            case BundleEvent.STARTED -> "STARTED";
            case BundleEvent.STOPPING -> "STOPPING";
            case BundleEvent.STOPPED -> "STOPPED";
            case BundleEvent.UPDATED -> "UPDATED";
            case BundleEvent.UNRESOLVED -> "UNRESOLVED";
            case BundleEvent.UNINSTALLED -> "UNINSTALLED";
            default -> "LAZY_ACTIVATION";
        };
    }
}
