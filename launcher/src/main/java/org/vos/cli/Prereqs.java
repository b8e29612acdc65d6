package org.vos.cli;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The OS tools vos needs, by the Debian package that brings each; only what is missing is installed. */
final class Prereqs {
    /** To build and run a domain. */
    static final Map<String, String> RUN = new LinkedHashMap<>();
    /** To run every test as well. */
    static final Map<String, String> TEST = new LinkedHashMap<>();

    static {
        RUN.put("ip", "iproute2");
        RUN.put("unshare", "util-linux");
        RUN.put("nsenter", "util-linux");
        RUN.put("setsid", "util-linux");
        RUN.put("mount", "mount");
        RUN.put("gcc", "gcc");
        RUN.put("make", "make");
        RUN.put("mvn", "maven");
        RUN.put("javac", "openjdk-17-jdk-headless");
        TEST.putAll(RUN);
        TEST.put("python3", "python3");
        TEST.put("curl", "curl");
        TEST.put("unzip", "unzip");
        TEST.put("ps", "procps");
    }

    private Prereqs() {
    }

    static List<String> missing(Map<String, String> needs) {
        Set<String> packages = new LinkedHashSet<>();
        needs.forEach((command, pkg) -> {
            if (!Sh.onPath(command)) {
                packages.add(pkg);
            }
        });
        return new ArrayList<>(packages);
    }

    static void ensure(Map<String, String> needs, PrintStream log) {
        List<String> packages = missing(needs);
        if (packages.isEmpty()) {
            return;
        }
        log.println("vos: installing " + String.join(" ", packages));
        Sh.Result update = Sh.run("apt-get", "update", "-qq");
        if (!update.ok()) {
            throw new CliException("apt-get update failed: " + Sh.lastLine(update.out()));
        }
        List<String> cmd = new ArrayList<>(List.of("env", "DEBIAN_FRONTEND=noninteractive", "apt-get", "install", "-y", "-qq", "--no-install-recommends"));
        cmd.addAll(packages);
        Sh.Result install = Sh.run(cmd);
        if (!install.ok()) {
            throw new CliException("apt-get install " + String.join(" ", packages) + " failed: " + Sh.lastLine(install.out()));
        }
        List<String> still = missing(needs);
        if (!still.isEmpty()) {
            throw new CliException("still missing after apt-get install: " + String.join(" ", still));
        }
    }
}
