package org.vos.runtime.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.Dictionary;
import java.util.HashMap;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;

import com.google.gson.JsonParser;

/** Plain and factory PIDs reach Config Admin; a second pass with the same content updates nothing. */
class FeatureConfiguratorTest {
    private final Map<String, Dictionary<String, Object>> store = new HashMap<>();
    private final List<String> calls = new ArrayList<>();

    private Configuration configuration(String pid) {
        return (Configuration) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {Configuration.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "getProperties" -> store.get(pid);
                    case "update" -> {
                        @SuppressWarnings("unchecked")
                        Dictionary<String, Object> d = new Hashtable<>((Map<String, Object>) toMap((Dictionary<String, Object>) args[0]));
                        d.put("service.pid", pid);
                        store.put(pid, d);
                        calls.add("update " + pid);
                        yield null;
                    }
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }

    private static Map<String, Object> toMap(Dictionary<String, Object> d) {
        Map<String, Object> m = new HashMap<>();
        for (var keys = d.keys(); keys.hasMoreElements();) {
            String k = keys.nextElement();
            m.put(k, d.get(k));
        }
        return m;
    }

    private final ConfigurationAdmin admin = (ConfigurationAdmin) Proxy.newProxyInstance(getClass().getClassLoader(),
            new Class<?>[] {ConfigurationAdmin.class}, (proxy, method, args) -> switch (method.getName()) {
                case "getConfiguration" -> {
                    calls.add("get " + args[0] + " @" + args[1]);
                    yield configuration((String) args[0]);
                }
                case "getFactoryConfiguration" -> {
                    calls.add("factory " + args[0] + " " + args[1] + " @" + args[2]);
                    yield configuration(args[0] + "~" + args[1]);
                }
                default -> throw new UnsupportedOperationException(method.getName());
            });

    @Test
    void plainAndFactoryPidsAndNoChurn() throws Exception {
        var json = JsonParser.parseString("""
                {"org.vos.runtime.token": {"file": "/run/vos/token"},
                 "org.vos.virt.files~tmp": {"root": "/tmp", "depth:Integer": 3}}""").getAsJsonObject();
        assertEquals(2, FeatureConfigurator.apply(admin, json));
        assertEquals(List.of("get org.vos.runtime.token @?", "update org.vos.runtime.token", "factory org.vos.virt.files tmp @?",
                "update org.vos.virt.files~tmp"), calls);
        assertEquals("/run/vos/token", store.get("org.vos.runtime.token").get("file"));
        assertEquals(3, store.get("org.vos.virt.files~tmp").get("depth"));
        calls.clear();
        assertEquals(0, FeatureConfigurator.apply(admin, json), "unchanged configurations are not updated again");
        assertEquals(List.of("get org.vos.runtime.token @?", "factory org.vos.virt.files tmp @?"), calls);
    }
}
