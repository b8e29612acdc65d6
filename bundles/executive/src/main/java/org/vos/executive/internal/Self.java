package org.vos.executive.internal;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.function.UnaryOperator;

/** Who this executive is, resolved once from its configuration and the framework properties. */
record Self(String name, String address, int port, String dataDir) {

    /** @param framework framework property lookup (BundleContext::getProperty), may answer null */
    static Self of(ExecutiveConfig config, UnaryOperator<String> framework) {
        String name = pick(config.name(), framework.apply("vos.host.name"), localName());
        String address = pick(config.address(), framework.apply("vos.host.address"), "127.0.0.1");
        int port = config.port() > 0 ? config.port() : parsePort(framework.apply("vos.http.port"), 7090);
        String dataDir = pick(config.dataDir(), framework.apply("vos.data.dir"), "/var/lib/vos/data");
        return new Self(name, address, port, dataDir);
    }

    private static String pick(String... values) {
        for (String v : values) {
            if (v != null && !v.isBlank()) {
                return v.trim();
            }
        }
        throw new IllegalStateException("no value");
    }

    private static int parsePort(String value, int fallback) {
        if (value == null || value.isBlank()) {
            return fallback;
        }
        try {
            return Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("vos.http.port is not a port number: " + value, e);
        }
    }

    private static String localName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "localhost";
        }
    }
}
