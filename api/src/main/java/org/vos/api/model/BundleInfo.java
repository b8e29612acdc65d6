package org.vos.api.model;

import java.util.ArrayList;
import java.util.List;

/** One bundle of a runtime, as the bundle management API reports it. */
public class BundleInfo {
    public long id;
    public String symbolicName;
    public String version;
    /** OSGi state name: INSTALLED, RESOLVED, STARTING, ACTIVE, STOPPING, UNINSTALLED. */
    public String state;
    public String location;
    /** Requirements that keep the bundle from resolving (empty when resolved). */
    public List<String> missing = new ArrayList<>();
}
