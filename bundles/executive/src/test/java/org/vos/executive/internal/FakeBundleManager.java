package org.vos.executive.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

import org.vos.api.domain.VosException;
import org.vos.api.model.BundleInfo;
import org.vos.api.runtime.BundleManager;

/** An in-memory framework: bundles named by the jar's content. */
class FakeBundleManager implements BundleManager {
    final List<BundleInfo> bundles = new ArrayList<>();

    @Override
    public List<BundleInfo> list() {
        return List.copyOf(bundles);
    }

    @Override
    public BundleInfo install(String fileName, InputStream jar, boolean start) {
        BundleInfo b = new BundleInfo();
        try {
            b.symbolicName = new String(jar.readAllBytes());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        b.id = bundles.size() + 1;
        b.state = start ? "ACTIVE" : "INSTALLED";
        bundles.add(b);
        return b;
    }

    private BundleInfo find(String bsn) {
        return bundles.stream().filter(b -> b.symbolicName.equals(bsn)).findFirst()
                .orElseThrow(() -> VosException.notFound("unknown-bundle", "no bundle " + bsn));
    }

    @Override
    public BundleInfo start(String symbolicName) {
        BundleInfo b = find(symbolicName);
        b.state = "ACTIVE";
        return b;
    }

    @Override
    public BundleInfo stop(String symbolicName) {
        BundleInfo b = find(symbolicName);
        b.state = "RESOLVED";
        return b;
    }

    @Override
    public BundleInfo update(String symbolicName, InputStream jar) {
        return find(symbolicName);
    }

    @Override
    public void uninstall(String symbolicName) {
        bundles.remove(find(symbolicName));
    }
}
