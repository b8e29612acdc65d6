package org.vos.runtime.internal;

import java.lang.reflect.Array;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.Map;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;

/**
 * JSON values of a feature configuration as Config Admin property values. As in the Feature
 * specification a key may carry a type ({@code "port:Integer": 80}); untyped numbers become
 * Long (or Double), arrays become arrays of their element type.
 */
final class ConfigValues {
    private ConfigValues() {
    }

    static Dictionary<String, Object> toDictionary(JsonObject json) {
        Dictionary<String, Object> d = new Hashtable<>();
        for (Map.Entry<String, JsonElement> e : json.entrySet()) {
            String key = e.getKey();
            String type = null;
            int colon = key.lastIndexOf(':');
            if (colon > 0) {
                type = key.substring(colon + 1);
                key = key.substring(0, colon);
            }
            if (!e.getValue().isJsonNull()) {
                d.put(key, convert(e.getValue(), type));
            }
        }
        return d;
    }

    static Object convert(JsonElement v, String type) {
        if (type != null && type.endsWith("[]")) {
            String element = type.substring(0, type.length() - 2);
            JsonArray a = v.isJsonArray() ? v.getAsJsonArray() : single(v);
            Object out = Array.newInstance(classOf(element), a.size());
            for (int i = 0; i < a.size(); i++) {
                Array.set(out, i, scalar(a.get(i), element));
            }
            return out;
        }
        if (v.isJsonArray()) {
            JsonArray a = v.getAsJsonArray();
            String element = a.isEmpty() ? "String" : inferred(a.get(0));
            return convert(a, element + "[]");
        }
        return scalar(v, type == null ? inferred(v) : type);
    }

    private static JsonArray single(JsonElement v) {
        JsonArray a = new JsonArray();
        a.add(v);
        return a;
    }

    private static String inferred(JsonElement v) {
        if (v.isJsonPrimitive()) {
            JsonPrimitive p = v.getAsJsonPrimitive();
            if (p.isBoolean()) {
                return "Boolean";
            }
            if (p.isNumber()) {
                String s = p.getAsString();
                return s.contains(".") || s.contains("e") || s.contains("E") ? "Double" : "Long";
            }
        }
        return "String";
    }

    private static Class<?> classOf(String type) {
        return switch (type) {
            case "Boolean" -> Boolean.class;
            case "Long" -> Long.class;
            case "Integer" -> Integer.class;
            case "Double" -> Double.class;
            case "Float" -> Float.class;
            default -> String.class;
        };
    }

    private static Object scalar(JsonElement v, String type) {
        String s = v.isJsonPrimitive() ? v.getAsString() : v.toString();
        return switch (type) {
            case "Boolean" -> Boolean.parseBoolean(s);
            case "Long" -> Long.parseLong(s);
            case "Integer" -> Integer.parseInt(s);
            case "Double" -> Double.parseDouble(s);
            case "Float" -> Float.parseFloat(s);
            default -> s;
        };
    }
}
