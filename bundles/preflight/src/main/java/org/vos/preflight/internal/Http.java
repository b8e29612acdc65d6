package org.vos.preflight.internal;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import org.vos.api.domain.VosException;

import com.google.gson.Gson;
import com.google.gson.JsonObject;

/** Read-only calls to other runtimes' REST APIs (GET needs no domain token). */
final class Http {
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();
    private final Gson gson = new Gson();

    <T> T get(String url, Class<T> type) {
        HttpResponse<String> r;
        try {
            r = client.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30)).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new VosException(503, "host-down", "cannot reach " + url + ": " + e.getMessage(), null, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new VosException(503, "host-down", "interrupted while calling " + url, null, e);
        }
        if (r.statusCode() / 100 != 2) {
            String code = "remote-error", msg = r.body();
            try {
                JsonObject o = gson.fromJson(r.body(), JsonObject.class);
                code = o.has("error") ? o.get("error").getAsString() : code;
                msg = o.has("detail") ? o.get("detail").getAsString() : msg;
            } catch (RuntimeException e) {
                // not JSON: the body is the message
            }
            throw new VosException(r.statusCode(), code, msg);
        }
        return gson.fromJson(r.body(), type);
    }
}
