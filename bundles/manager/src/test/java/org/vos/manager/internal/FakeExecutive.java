package org.vos.manager.internal;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/** An executive's REST API on loopback: answers every request with a settable status and body, and records requests. */
final class FakeExecutive implements AutoCloseable {
    final HttpServer server;
    final List<String> seen = new CopyOnWriteArrayList<>();
    volatile int status = 200;
    volatile String body = "{}";
    /** Answers for one "METHOD /path" (no query), ahead of the default status and body. */
    final Map<String, Map.Entry<Integer, String>> routes = new ConcurrentHashMap<>();

    FakeExecutive() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", this::handle);
        server.start();
    }

    int port() {
        return server.getAddress().getPort();
    }

    private void handle(HttpExchange ex) throws IOException {
        byte[] in = ex.getRequestBody().readAllBytes();
        seen.add(ex.getRequestMethod() + " " + ex.getRequestURI() + " token=" + ex.getRequestHeaders().getFirst("X-Vos-Token")
                + " body=" + new String(in, StandardCharsets.UTF_8));
        Map.Entry<Integer, String> route = routes.get(ex.getRequestMethod() + " " + ex.getRequestURI().getPath());
        byte[] out = (route == null ? body : route.getValue()).getBytes(StandardCharsets.UTF_8);
        ex.sendResponseHeaders(route == null ? status : route.getKey(), out.length);
        ex.getResponseBody().write(out);
        ex.close();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
