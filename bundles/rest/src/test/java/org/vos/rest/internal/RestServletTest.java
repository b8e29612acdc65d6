package org.vos.rest.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class RestServletTest {
    @Test
    void pathInfoBecomesSegments() {
        assertEquals(List.of(), RestServlet.segments(null));
        assertEquals(List.of(), RestServlet.segments("/"));
        assertEquals(List.of("hosts", "h1", "bundles", "org.vos.itest.sample"), RestServlet.segments("/hosts/h1//bundles/org.vos.itest.sample/"));
    }

    @Test
    void queryStringsAreDecodedFirstValueWins() {
        assertEquals(Map.of(), RestServlet.query(null));
        assertEquals(Map.of("start", "true", "name", "my bundle.jar"), RestServlet.query("start=true&name=my%20bundle.jar&start=false"));
        assertEquals(Map.of("start", "true"), RestServlet.query("start"));
    }
}
