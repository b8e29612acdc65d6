package org.vos.runtime.internal;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;
import org.osgi.framework.FrameworkEvent;
import org.osgi.framework.FrameworkListener;
import org.osgi.framework.wiring.BundleRevision;
import org.osgi.framework.wiring.FrameworkWiring;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vos.api.domain.VosException;
import org.vos.api.model.BundleInfo;
import org.vos.api.runtime.BundleManager;

/**
 * Hot deploy on the local framework. Operations touch only the named bundle: installs resolve
 * just that bundle, updates and uninstalls refresh only its own dependency closure, so the rest
 * of the runtime (and the programs it manages) keeps running.
 */
@Component(service = BundleManager.class)
public class FrameworkBundleManager implements BundleManager {
    private static final Logger LOG = LoggerFactory.getLogger(FrameworkBundleManager.class);
    /** A jar bigger than this is refused (the REST layer streams uploads into memory). */
    static final int MAX_JAR_BYTES = 64 << 20;
    private static final long REFRESH_TIMEOUT_MS = 30_000;

    private final BundleContext context;

    @Activate
    public FrameworkBundleManager(BundleContext context) {
        this.context = context;
    }

    @Override
    public List<BundleInfo> list() {
        List<BundleInfo> out = new ArrayList<>();
        for (Bundle b : context.getBundles()) {
            out.add(info(b));
        }
        return out;
    }

    @Override
    public synchronized BundleInfo install(String fileName, InputStream jar, boolean start) {
        byte[] bytes = read(jar);
        JarManifests.Identity id = JarManifests.identity(fileName, bytes);
        for (Bundle b : context.getBundles()) {
            if (id.symbolicName().equals(b.getSymbolicName())) {
                throw new VosException(409, "already-installed", "bundle " + id.symbolicName() + " is already installed ("
                        + b.getVersion() + ", " + Requirements.stateName(b.getState()) + "); update it instead");
            }
        }
        String location = "vos:" + id.symbolicName() + "/" + (fileName == null ? id.version() + ".jar" : fileName);
        Bundle bundle;
        try {
            bundle = context.installBundle(location, new ByteArrayInputStream(bytes));
        } catch (BundleException e) {
            throw new VosException(400, "not-a-bundle", "cannot install " + display(fileName) + ": " + e.getMessage(), null, e);
        }
        LOG.info("installed bundle {} {} (id {})", bundle.getSymbolicName(), bundle.getVersion(), bundle.getBundleId());
        if (!start) {
            wiring().resolveBundles(List.of(bundle));
            return info(bundle);
        }
        if (!wiring().resolveBundles(List.of(bundle))) {
            VosException unresolved = unresolved(bundle, null);
            uninstallQuietly(bundle);
            throw unresolved;
        }
        try {
            bundle.start();
        } catch (BundleException | RuntimeException e) {
            uninstallQuietly(bundle);
            throw startFailed(bundle, e);
        }
        return info(bundle);
    }

    @Override
    public synchronized BundleInfo start(String symbolicName) {
        Bundle bundle = find(symbolicName);
        if (bundle.getState() == Bundle.INSTALLED && !wiring().resolveBundles(List.of(bundle))) {
            throw unresolved(bundle, null);
        }
        try {
            bundle.start();
        } catch (BundleException | RuntimeException e) {
            throw startFailed(bundle, e);
        }
        LOG.info("started bundle {} (id {})", symbolicName, bundle.getBundleId());
        return info(bundle);
    }

    @Override
    public synchronized BundleInfo stop(String symbolicName) {
        Bundle bundle = removable(find(symbolicName));
        try {
            bundle.stop();
        } catch (BundleException | RuntimeException e) {
            throw new VosException(500, "stop-failed", "bundle " + symbolicName + " failed to stop: " + e.getMessage(), null, e);
        }
        LOG.info("stopped bundle {} (id {})", symbolicName, bundle.getBundleId());
        return info(bundle);
    }

    @Override
    public synchronized BundleInfo update(String symbolicName, InputStream jar) {
        Bundle bundle = mutable(find(symbolicName));
        if (bundle.equals(context.getBundle())) {
            // this very component would be deactivated half-way through the update
            throw new VosException(400, "protected", "bundle " + symbolicName
                    + " cannot update itself; drop the new jar into the deploy directory or restart the runtime");
        }
        byte[] bytes = read(jar);
        JarManifests.Identity id = JarManifests.identity(symbolicName + ".jar", bytes);
        if (!id.symbolicName().equals(symbolicName)) {
            throw new VosException(400, "wrong-bundle", "the jar is bundle " + id.symbolicName() + ", not " + symbolicName);
        }
        boolean wasActive = bundle.getState() == Bundle.ACTIVE || bundle.getState() == Bundle.STARTING;
        byte[] previous = BundleSnapshot.of(bundle);
        BundleRevision before = bundle.adapt(BundleRevision.class);
        try {
            // update() stops the bundle, swaps its content and starts it again when it was active
            bundle.update(new ByteArrayInputStream(bytes));
        } catch (BundleException e) {
            if (bundle.adapt(BundleRevision.class) == before) {
                throw new VosException(400, "not-a-bundle", "cannot update " + symbolicName + ": " + e.getMessage(), null, e);
            }
            // the content was swapped but it does not start again: handled below
        }
        // rewires the bundle and what used its old revision, nothing else
        refresh(bundle);
        if (wasActive && bundle.getState() != Bundle.ACTIVE) {
            VosException failure = wiring().resolveBundles(List.of(bundle)) ? startAgain(bundle) : unresolved(bundle, null);
            if (failure != null) {
                rollback(bundle, previous, wasActive);
                throw failure;
            }
        }
        LOG.info("updated bundle {} to {} (id {})", symbolicName, bundle.getVersion(), bundle.getBundleId());
        return info(bundle);
    }

    private VosException startAgain(Bundle bundle) {
        try {
            bundle.start();
            return null;
        } catch (BundleException | RuntimeException e) {
            return startFailed(bundle, e);
        }
    }

    /** Puts the previous content back, so that a failed update leaves the runtime as it was. */
    private void rollback(Bundle bundle, byte[] previous, boolean start) {
        if (previous == null) {
            LOG.warn("bundle {} cannot be rolled back: its previous content could not be read", bundle.getSymbolicName());
            return;
        }
        try {
            bundle.update(new ByteArrayInputStream(previous));
            refresh(bundle);
            if (start) {
                bundle.start();
            }
            LOG.info("rolled bundle {} back to {} after a failed update", bundle.getSymbolicName(), bundle.getVersion());
        } catch (BundleException | RuntimeException e) {
            LOG.warn("rolling bundle {} back after a failed update failed", bundle.getSymbolicName(), e);
        }
    }

    @Override
    public synchronized void uninstall(String symbolicName) {
        Bundle bundle = removable(find(symbolicName));
        try {
            bundle.uninstall();
        } catch (BundleException | RuntimeException e) {
            throw new VosException(500, "uninstall-failed", "bundle " + symbolicName + " failed to uninstall: " + e.getMessage(), null, e);
        }
        refresh(bundle);
        LOG.info("uninstalled bundle {} (id {})", symbolicName, bundle.getBundleId());
    }

    private BundleInfo info(Bundle b) {
        BundleInfo info = new BundleInfo();
        info.id = b.getBundleId();
        info.symbolicName = b.getSymbolicName();
        info.version = b.getVersion().toString();
        info.state = Requirements.stateName(b.getState());
        info.location = b.getLocation();
        if (b.getState() == Bundle.INSTALLED) {
            info.missing = Requirements.missing(b, wiring());
        }
        return info;
    }

    private VosException unresolved(Bundle bundle, BundleException cause) {
        List<String> missing = Requirements.missing(bundle, wiring());
        String what = missing.isEmpty()
                ? (cause != null ? cause.getMessage() : "a constraint conflict (uses) prevents it; see the runtime log")
                : "missing " + String.join(", ", missing);
        return new VosException(422, "unresolved", "bundle " + bundle.getSymbolicName() + " cannot resolve: " + what,
                String.join("\n", missing), cause);
    }

    private VosException startFailed(Bundle bundle, Exception e) {
        if (e instanceof BundleException be && be.getType() == BundleException.RESOLVE_ERROR) {
            return unresolved(bundle, be);
        }
        return new VosException(500, "start-failed", "bundle " + bundle.getSymbolicName() + " failed to start: " + e.getMessage(),
                null, e);
    }

    private Bundle find(String symbolicName) {
        Optional<Bundle> found = java.util.Arrays.stream(context.getBundles())
                .filter(b -> symbolicName != null && symbolicName.equals(b.getSymbolicName()))
                .max(Comparator.comparing(Bundle::getVersion));
        return found.orElseThrow(() -> VosException.notFound("unknown-bundle", "no bundle " + symbolicName + " in this runtime"));
    }

    /** The framework itself cannot be stopped, updated or removed through this service. */
    private static Bundle mutable(Bundle b) {
        if (b.getBundleId() == 0) {
            throw new VosException(400, "protected", "the system bundle cannot be changed; stop the runtime instead");
        }
        return b;
    }

    /**
     * Bundles that bundle management itself runs on: stopping or removing one through this
     * service would cut the runtime off from its REST API (they can still be updated).
     */
    static final Set<String> MANAGEMENT = Set.of("org.vos.runtime", "org.vos.rest", "org.apache.felix.scr",
            "org.apache.felix.http.jetty12", "org.apache.felix.http.jetty12.light");

    private static Bundle removable(Bundle b) {
        mutable(b);
        if (MANAGEMENT.contains(b.getSymbolicName())) {
            throw new VosException(400, "protected", "bundle " + b.getSymbolicName()
                    + " carries this runtime's bundle management; stopping or removing it would cut the runtime off (update it instead)");
        }
        return b;
    }

    private FrameworkWiring wiring() {
        return context.getBundle(0).adapt(FrameworkWiring.class);
    }

    /** Refreshes the bundle's dependency closure only, and waits for it to finish. */
    private void refresh(Bundle bundle) {
        CountDownLatch done = new CountDownLatch(1);
        FrameworkListener listener = event -> {
            if (event.getType() == FrameworkEvent.PACKAGES_REFRESHED || event.getType() == FrameworkEvent.ERROR) {
                done.countDown();
            }
        };
        wiring().refreshBundles(List.of(bundle), listener);
        try {
            if (!done.await(REFRESH_TIMEOUT_MS, TimeUnit.MILLISECONDS)) {
                LOG.warn("refresh after changing bundle {} did not finish in {} ms", bundle.getSymbolicName(), REFRESH_TIMEOUT_MS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void uninstallQuietly(Bundle bundle) {
        try {
            bundle.uninstall();
            LOG.info("uninstalled bundle {} again: it could not start", bundle.getSymbolicName());
        } catch (BundleException | RuntimeException e) {
            LOG.warn("could not uninstall bundle {} after its failed start", bundle.getSymbolicName(), e);
        }
    }

    private static byte[] read(InputStream in) {
        if (in == null) {
            throw VosException.badRequest("not-a-bundle", "no jar was sent");
        }
        try (in) {
            byte[] bytes = in.readNBytes(MAX_JAR_BYTES + 1);
            if (bytes.length > MAX_JAR_BYTES) {
                throw new VosException(413, "too-large", "a bundle may have at most " + (MAX_JAR_BYTES >> 20) + " MiB");
            }
            return bytes;
        } catch (IOException e) {
            throw new VosException(400, "bad-upload", "cannot read the jar: " + e.getMessage(), null, e);
        }
    }

    private static String display(String fileName) {
        return fileName == null ? "the upload" : fileName;
    }
}
