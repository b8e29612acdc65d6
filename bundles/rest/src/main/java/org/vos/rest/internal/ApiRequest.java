package org.vos.rest.internal;

import java.io.InputStream;
import java.util.List;
import java.util.Map;

/** One call of the REST API, free of servlet types so that the routing is unit-testable. */
record ApiRequest(String method, List<String> path, Map<String, String> query, String token, InputStream body) {
    String query(String name, String fallback) {
        String v = query.get(name);
        return v == null ? fallback : v;
    }

    boolean mutating() {
        return !method.equals("GET") && !method.equals("HEAD") && !method.equals("OPTIONS");
    }
}
