package org.vos.cli;

import java.util.ArrayList;
import java.util.List;

/**
 * The simulated network: bridge {@code vos0} (10.77.0.1/24) in the root namespace and, per host,
 * a network namespace {@code vos-hN} joined to it by a veth pair (root end {@code vos-hN}, host
 * end {@code eth0} at 10.77.0.(10+N)/24, default route via the bridge).
 */
final class Net {
    private Net() {
    }

    static void bridge() {
        if (links().contains(Layout.BRIDGE)) {
            return;
        }
        Sh.must("ip", "link", "add", Layout.BRIDGE, "type", "bridge");
        Sh.must("ip", "addr", "add", Layout.BRIDGE_ADDRESS + "/24", "dev", Layout.BRIDGE);
        Sh.must("ip", "link", "set", Layout.BRIDGE, "up");
    }

    static void host(String host, String address) {
        String ns = Layout.netns(host);
        String veth = Layout.veth(host);
        Sh.must("ip", "netns", "add", ns);
        Sh.must("ip", "link", "add", veth, "type", "veth", "peer", "name", "eth0", "netns", ns);
        Sh.must("ip", "link", "set", veth, "master", Layout.BRIDGE);
        Sh.must("ip", "link", "set", veth, "up");
        Sh.must("ip", "-n", ns, "addr", "add", address + "/24", "dev", "eth0");
        Sh.must("ip", "-n", ns, "link", "set", "eth0", "up");
        Sh.must("ip", "-n", ns, "link", "set", "lo", "up");
        Sh.must("ip", "-n", ns, "route", "add", "default", "via", Layout.BRIDGE_ADDRESS);
    }

    /** The network namespaces vos made. */
    static List<String> namespaces() {
        List<String> out = new ArrayList<>();
        Sh.Result r = Sh.run("ip", "netns", "list");
        for (String line : r.out().split("\n")) {
            String name = line.strip().split("\\s+")[0];
            if (Layout.HOST_NETNS.matcher(name).matches()) {
                out.add(name);
            }
        }
        return out;
    }

    /** The root namespace's links vos made (the bridge and the root ends of the veth pairs). */
    static List<String> links() {
        List<String> out = new ArrayList<>();
        Sh.Result r = Sh.run("ip", "-o", "link", "show");
        for (String line : r.out().split("\n")) {
            String[] parts = line.split(":\\s+", 3);
            if (parts.length < 2) {
                continue;
            }
            String name = parts[1].split("@")[0].strip();
            if (name.equals(Layout.BRIDGE) || Layout.HOST_NETNS.matcher(name).matches()) {
                out.add(name);
            }
        }
        return out;
    }

    /** Pids of every process living in a namespace. */
    static List<Long> pids(String ns) {
        List<Long> out = new ArrayList<>();
        for (String line : Sh.run("ip", "netns", "pids", ns).out().split("\n")) {
            try {
                out.add(Long.parseLong(line.strip()));
            } catch (NumberFormatException e) {
                // blank line or a message
            }
        }
        return out;
    }

    /** Removes every namespace and link vos made; a namespace's veth end goes with it. */
    static void teardown() {
        for (String ns : namespaces()) {
            Sh.run("ip", "netns", "del", ns);
        }
        for (String link : links()) {
            Sh.run("ip", "link", "del", link);
        }
    }
}
