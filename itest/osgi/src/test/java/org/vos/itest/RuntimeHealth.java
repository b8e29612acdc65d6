package org.vos.itest;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.wiring.BundleRevision;
import org.osgi.framework.wiring.FrameworkWiring;
import org.osgi.resource.Requirement;
import org.osgi.service.component.runtime.ServiceComponentRuntime;
import org.osgi.service.component.runtime.dto.ComponentConfigurationDTO;
import org.osgi.service.component.runtime.dto.ComponentDescriptionDTO;
import org.osgi.service.component.runtime.dto.UnsatisfiedReferenceDTO;

/** What is wrong with a running framework: bundles not active, DS components not satisfied. */
final class RuntimeHealth {
    private RuntimeHealth() {
    }

    /** One line per bundle that is not ACTIVE (fragments: not RESOLVED), with its unmet requirements. */
    static List<String> inactiveBundles(BundleContext context) {
        List<String> out = new ArrayList<>();
        FrameworkWiring wiring = context.getBundle(0).adapt(FrameworkWiring.class);
        for (Bundle b : context.getBundles()) {
            boolean fragment = b.getHeaders().get(Constants.FRAGMENT_HOST) != null;
            int wanted = fragment ? Bundle.RESOLVED : Bundle.ACTIVE;
            if (b.getState() != wanted) {
                String line = b.getSymbolicName() + " " + b.getVersion() + " is " + state(b.getState());
                List<String> missing = missing(b, wiring);
                out.add(missing.isEmpty() ? line : line + ", missing " + String.join(", ", missing));
            }
        }
        return out;
    }

    /**
     * One line per enabled component configuration that is neither SATISFIED nor ACTIVE, saying why.
     * A component whose policy requires configuration and has none is idle by design, not broken.
     */
    static List<String> unsatisfiedComponents(ServiceComponentRuntime scr) {
        List<String> out = new ArrayList<>();
        for (ComponentDescriptionDTO d : scr.getComponentDescriptionDTOs()) {
            if (!scr.isComponentEnabled(d) || d.factory != null) {
                continue;
            }
            String name = d.bundle.symbolicName + "/" + d.name;
            var configs = scr.getComponentConfigurationDTOs(d);
            if (configs.isEmpty() && "require".equals(d.configurationPolicy)) {
                // waits for configuration by design (factory PIDs such as per-application profiles)
                continue;
            }
            if (configs.isEmpty()) {
                out.add(name + ": no configuration (policy " + d.configurationPolicy + ", PIDs " + String.join(",", d.configurationPid) + ")");
            }
            for (ComponentConfigurationDTO c : configs) {
                if (c.state == ComponentConfigurationDTO.SATISFIED || c.state == ComponentConfigurationDTO.ACTIVE) {
                    continue;
                }
                out.add(name + ": " + why(d, c));
            }
        }
        return out;
    }

    private static String why(ComponentDescriptionDTO d, ComponentConfigurationDTO c) {
        return switch (c.state) {
            case ComponentConfigurationDTO.UNSATISFIED_CONFIGURATION ->
                "waits for configuration " + String.join(",", d.configurationPid);
            case ComponentConfigurationDTO.UNSATISFIED_REFERENCE -> "unsatisfied references "
                    + Arrays.stream(c.unsatisfiedReferences).map(r -> reference(d, r)).collect(Collectors.joining("; "));
            case ComponentConfigurationDTO.FAILED_ACTIVATION -> "activation failed: " + firstLine(c.failure);
            default -> "state " + c.state;
        };
    }

    /** Constructor references are named $000...: the service interface says more. */
    private static String reference(ComponentDescriptionDTO d, UnsatisfiedReferenceDTO r) {
        String service = Arrays.stream(d.references).filter(ref -> ref.name.equals(r.name)).map(ref -> ref.interfaceName)
                .findFirst().orElse("?");
        return service + " (" + r.name + (r.target == null ? "" : ", target " + r.target) + ")";
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "(no reason given)";
        }
        String[] lines = s.split("\n");
        return lines.length > 1 ? lines[0] + " " + lines[1].trim() : lines[0];
    }

    private static List<String> missing(Bundle b, FrameworkWiring wiring) {
        List<String> out = new ArrayList<>();
        BundleRevision rev = b.adapt(BundleRevision.class);
        if (rev == null || b.getState() != Bundle.INSTALLED) {
            return out;
        }
        for (Requirement r : rev.getRequirements(null)) {
            // optional ones and those effective only at run time (osgi.service) do not block resolution
            boolean resolveTime = r.getDirectives().getOrDefault("effective", "resolve").equals("resolve");
            if (resolveTime && !"optional".equals(r.getDirectives().get("resolution")) && wiring.findProviders(r).isEmpty()) {
                out.add(r.getNamespace() + " " + r.getDirectives().get("filter"));
            }
        }
        return out;
    }

    static String state(int state) {
        return switch (state) {
            case Bundle.INSTALLED -> "INSTALLED";
            case Bundle.RESOLVED -> "RESOLVED";
            case Bundle.STARTING -> "STARTING";
            case Bundle.ACTIVE -> "ACTIVE";
            case Bundle.STOPPING -> "STOPPING";
            default -> "UNINSTALLED";
        };
    }
}
