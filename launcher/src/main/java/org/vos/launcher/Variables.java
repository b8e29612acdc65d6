package org.vos.launcher;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;

/**
 * {@code ${name}} substitution. Values may refer to other variables (resolved recursively,
 * cycles rejected); a placeholder naming no variable, or a variable left without a value, is an
 * error that names it.
 */
final class Variables {
    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([^}]+)}");
    private final Map<String, String> values;

    Variables(Map<String, String> values) {
        this.values = new LinkedHashMap<>(values);
    }

    String resolve(String text) {
        return resolve(text, 0);
    }

    private String resolve(String text, int depth) {
        if (depth > 16) {
            throw new IllegalArgumentException("variables refer to each other in a cycle: " + text);
        }
        Matcher m = PLACEHOLDER.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String name = m.group(1);
            if (!values.containsKey(name)) {
                throw new IllegalArgumentException("unknown variable ${" + name + "}");
            }
            String v = values.get(name);
            if (v == null) {
                throw new IllegalArgumentException("variable " + name + " has no value (give it with --prop " + name + "=...)");
            }
            m.appendReplacement(out, Matcher.quoteReplacement(resolve(v, depth + 1)));
        }
        m.appendTail(out);
        return out.toString();
    }

    /** The resolved value of every variable that has one. */
    Map<String, String> resolvedValues() {
        Map<String, String> out = new LinkedHashMap<>();
        values.forEach((k, v) -> {
            if (v != null) {
                out.put(k, resolve(v));
            }
        });
        return out;
    }

    /** A copy of a JSON tree with every string resolved. */
    JsonElement resolve(JsonElement e) {
        if (e.isJsonObject()) {
            JsonObject o = new JsonObject();
            e.getAsJsonObject().entrySet().forEach(x -> o.add(x.getKey(), resolve(x.getValue())));
            return o;
        }
        if (e.isJsonArray()) {
            JsonArray a = new JsonArray();
            e.getAsJsonArray().forEach(x -> a.add(resolve(x)));
            return a;
        }
        if (e.isJsonPrimitive() && e.getAsJsonPrimitive().isString()) {
            return new JsonPrimitive(resolve(e.getAsString()));
        }
        return e;
    }
}
