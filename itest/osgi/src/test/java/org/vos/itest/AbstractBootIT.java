package org.vos.itest;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;

import javax.inject.Inject;

import org.junit.Test;
import org.osgi.framework.BundleContext;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.component.runtime.ServiceComponentRuntime;

/**
 * A feature boots: every bundle ACTIVE and every DS component satisfied. It waits until the
 * runtime settles (bounded) and then names each bundle and component that is not healthy, and
 * why, in the failure message.
 */
public abstract class AbstractBootIT {
    private static final long SETTLE_MS = 30_000;

    @Inject
    protected BundleContext context;

    @Inject
    protected ServiceComponentRuntime scr;

    @Inject
    protected ConfigurationAdmin configAdmin;

    @Test
    public void everyBundleActiveAndEveryComponentSatisfied() throws InterruptedException {
        List<String> problems = Await.until(context, SETTLE_MS, () -> {
            List<String> p = problems();
            return p.isEmpty() ? p : null;
        });
        List<String> found = problems == null ? problems() : problems;
        assertTrue("the " + context.getProperty("vos.role") + " feature is not healthy:\n  " + String.join("\n  ", found),
                found.isEmpty());
    }

    @Test
    public void theFeatureIsTheOneBooted() {
        assertTrue("vos.role is " + context.getProperty("vos.role"), role().equals(context.getProperty("vos.role")));
        List<String> vos = new ArrayList<>();
        for (var b : context.getBundles()) {
            if (b.getSymbolicName().startsWith("org.vos.")) {
                vos.add(b.getSymbolicName());
            }
        }
        for (String expected : expectedBundles()) {
            assertTrue(expected + " is not installed; vos bundles: " + vos, vos.contains(expected));
        }
    }

    @Test
    public void itsRestApiAnswersWithItsRole() throws Exception {
        HttpResponse<String> r = RestApi.awaitVersion(context, SETTLE_MS);
        assertTrue("GET /api/v1/version did not answer 200", r != null);
        assertTrue(r.body(), r.body().contains("\"role\":\"" + role() + "\""));
    }

    @Test
    public void theFeatureConfigurationsAreInConfigAdmin() throws Exception {
        Configuration[] token = configAdmin.listConfigurations("(service.pid=org.vos.runtime.token)");
        assertTrue("the configurator did not apply org.vos.runtime.token", token != null && token.length == 1);
        assertEquals(context.getProperty("vos.token.file"), token[0].getProperties().get("file"));
    }

    private List<String> problems() {
        List<String> p = new ArrayList<>();
        RuntimeHealth.inactiveBundles(context).forEach(b -> p.add("bundle " + b));
        RuntimeHealth.unsatisfiedComponents(scr).forEach(c -> p.add("component " + c));
        return p;
    }

    protected abstract String role();

    protected abstract List<String> expectedBundles();
}
