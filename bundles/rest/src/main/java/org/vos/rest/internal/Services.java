package org.vos.rest.internal;

import org.vos.api.domain.Bundles;
import org.vos.api.domain.Hosts;
import org.vos.api.domain.Processes;
import org.vos.api.model.VersionInfo;
import org.vos.api.runtime.BundleManager;
import org.vos.api.runtime.DomainToken;
import org.vos.api.runtime.KernelFeatures;

/** The services the API reads at the moment of a call; any of them may be absent (null). */
interface Services {
    Hosts hosts();

    Bundles bundles();

    Processes processes();

    BundleManager bundleManager();

    KernelFeatures features();

    DomainToken token();

    VersionInfo version();

    /** The API trace of the hooks-trace bundle (executives that have it installed). */
    default org.vos.api.hook.SyscallTrace trace() {
        return null;
    }

    /** Pre-flight plans and this host's profile (bundle org.vos.preflight). */
    default org.vos.api.preflight.Preflight preflight() {
        return null;
    }
}
