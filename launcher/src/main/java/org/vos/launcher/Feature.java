package org.vos.launcher;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

/**
 * A feature descriptor in the shape of the OSGi Feature specification (Compendium 159): an id,
 * {@code variables} with defaults, {@code bundles} with Maven ids and start orders,
 * {@code framework-properties} and {@code configurations}. Values may hold {@code ${name}}
 * placeholders that the launcher fills in from the variables.
 */
final class Feature {
    /** One bundle entry: its Maven id and start order (1 when the descriptor gives none). */
    record BundleRef(String id, int startOrder) {
    }

    final String id;
    final Map<String, String> variables = new LinkedHashMap<>();
    final List<BundleRef> bundles = new ArrayList<>();
    final Map<String, String> frameworkProperties = new LinkedHashMap<>();
    final JsonObject configurations;

    private Feature(JsonObject json) {
        this.id = json.has("id") ? json.get("id").getAsString() : "unnamed";
        if (json.has("variables")) {
            for (Map.Entry<String, JsonElement> e : json.getAsJsonObject("variables").entrySet()) {
                variables.put(e.getKey(), e.getValue().isJsonNull() ? null : e.getValue().getAsString());
            }
        }
        if (json.has("bundles")) {
            for (JsonElement b : json.getAsJsonArray("bundles")) {
                if (b.isJsonPrimitive()) {
                    bundles.add(new BundleRef(b.getAsString(), 1));
                } else {
                    JsonObject o = b.getAsJsonObject();
                    int order = o.has("start-order") ? o.get("start-order").getAsInt() : 1;
                    bundles.add(new BundleRef(o.get("id").getAsString(), order));
                }
            }
        }
        // stable: bundles of one start order keep the descriptor's order
        bundles.sort(Comparator.comparingInt(BundleRef::startOrder));
        if (json.has("framework-properties")) {
            for (Map.Entry<String, JsonElement> e : json.getAsJsonObject("framework-properties").entrySet()) {
                frameworkProperties.put(e.getKey(), e.getValue().getAsString());
            }
        }
        this.configurations = json.has("configurations") ? json.getAsJsonObject("configurations") : new JsonObject();
    }

    static Feature read(Path file) throws IOException {
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            return parse(JsonParser.parseReader(r).getAsJsonObject());
        }
    }

    static Feature parse(JsonObject json) {
        return new Feature(json);
    }
}
