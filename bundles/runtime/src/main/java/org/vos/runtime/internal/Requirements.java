package org.vos.runtime.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.osgi.framework.Bundle;
import org.osgi.framework.namespace.ExecutionEnvironmentNamespace;
import org.osgi.framework.namespace.HostNamespace;
import org.osgi.framework.namespace.IdentityNamespace;
import org.osgi.framework.namespace.PackageNamespace;
import org.osgi.framework.wiring.BundleRevision;
import org.osgi.framework.wiring.FrameworkWiring;
import org.osgi.resource.Namespace;
import org.osgi.resource.Requirement;

/** Names the requirements of an unresolved bundle that nothing in the framework provides. */
final class Requirements {
    private static final Pattern NAMED = Pattern.compile("\\((osgi\\.wiring\\.package|osgi\\.wiring\\.bundle|osgi\\.wiring\\.host|osgi\\.identity|osgi\\.extender|osgi\\.service|objectClass|osgi\\.contract)=([^)]+)\\)");
    private static final Pattern VERSION = Pattern.compile("\\((!?)\\(?(version|bundle-version)(>=|<=|=)([^)]+)\\)");

    private Requirements() {
    }

    static List<String> missing(Bundle bundle, FrameworkWiring wiring) {
        List<String> out = new ArrayList<>();
        BundleRevision revision = bundle.adapt(BundleRevision.class);
        if (revision == null) {
            return out;
        }
        for (Requirement req : revision.getRequirements(null)) {
            if (Namespace.RESOLUTION_OPTIONAL.equals(req.getDirectives().get(Namespace.REQUIREMENT_RESOLUTION_DIRECTIVE))
                    || !Namespace.EFFECTIVE_RESOLVE.equals(req.getDirectives().getOrDefault(Namespace.REQUIREMENT_EFFECTIVE_DIRECTIVE,
                            Namespace.EFFECTIVE_RESOLVE))) {
                // neither optional requirements nor run-time ones (osgi.service) keep a bundle from resolving
                continue;
            }
            if (wiring.findProviders(req).isEmpty()) {
                out.add(describe(req));
            }
        }
        return out;
    }

    /** One readable line, e.g. {@code package org.example.foo [1.0,2.0)}. */
    static String describe(Requirement req) {
        String filter = req.getDirectives().getOrDefault(Namespace.REQUIREMENT_FILTER_DIRECTIVE, "");
        String ns = req.getNamespace();
        String kind = switch (ns) {
            case PackageNamespace.PACKAGE_NAMESPACE -> "package";
            case "osgi.wiring.bundle" -> "bundle";
            case HostNamespace.HOST_NAMESPACE -> "host bundle";
            case IdentityNamespace.IDENTITY_NAMESPACE -> "identity";
            case ExecutionEnvironmentNamespace.EXECUTION_ENVIRONMENT_NAMESPACE -> "execution environment";
            default -> ns;
        };
        Matcher named = NAMED.matcher(filter);
        if (named.find() && !ExecutionEnvironmentNamespace.EXECUTION_ENVIRONMENT_NAMESPACE.equals(ns)) {
            String versions = versions(filter);
            return kind + " " + named.group(2) + (versions.isEmpty() ? "" : " " + versions);
        }
        return kind + " " + filter;
    }

    /** Renders the version bounds of a filter as an OSGi range, e.g. [1.0.0,2.0.0). */
    static String versions(String filter) {
        String low = null;
        String high = null;
        boolean lowInclusive = true;
        boolean highInclusive = false;
        Matcher m = VERSION.matcher(filter);
        while (m.find()) {
            boolean not = !m.group(1).isEmpty();
            String op = m.group(3);
            String v = m.group(4);
            if (!not && op.equals(">=")) {
                low = v;
            } else if (!not && op.equals("<=")) {
                high = v;
                highInclusive = true;
            } else if (not && op.equals(">=")) {
                high = v;
            } else if (not && op.equals("<=")) {
                low = v;
                lowInclusive = false;
            } else if (op.equals("=")) {
                return "[" + v + "," + v + "]";
            }
        }
        if (low == null && high == null) {
            return "";
        }
        if (high == null) {
            return (lowInclusive ? "" : ">") + low;
        }
        return (lowInclusive ? "[" : "(") + (low == null ? "0" : low) + "," + high + (highInclusive ? "]" : ")");
    }

    static String stateName(int state) {
        return switch (state) {
            case Bundle.INSTALLED -> "INSTALLED";
            case Bundle.RESOLVED -> "RESOLVED";
            case Bundle.STARTING -> "STARTING";
            case Bundle.ACTIVE -> "ACTIVE";
            case Bundle.STOPPING -> "STOPPING";
            case Bundle.UNINSTALLED -> "UNINSTALLED";
            default -> "UNKNOWN";
        };
    }
}
