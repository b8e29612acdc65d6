package org.vos.itest;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.time.Duration;

import org.osgi.framework.BundleContext;

/** The runtime's REST API as seen from the test: it reaches Jetty through the whiteboard, so tests wait for it. */
final class RestApi {
    private RestApi() {
    }

    static URI uri(BundleContext context, String path) {
        return URI.create("http://127.0.0.1:" + context.getProperty("vos.http.port") + "/api/v1" + path);
    }

    /** @return the 200 answer of GET /api/v1/version, or null when none came within the timeout */
    static HttpResponse<String> awaitVersion(BundleContext context, long timeoutMs) throws InterruptedException {
        HttpClient http = HttpClient.newHttpClient();
        HttpRequest get = HttpRequest.newBuilder(uri(context, "/version")).timeout(Duration.ofSeconds(10)).build();
        return Await.until(context, timeoutMs, () -> {
            try {
                HttpResponse<String> answer = http.send(get, BodyHandlers.ofString());
                return answer.statusCode() == 200 ? answer : null;
            } catch (IOException e) {
                return null;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return null;
            }
        });
    }
}
