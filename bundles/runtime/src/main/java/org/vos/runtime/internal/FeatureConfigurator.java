package org.vos.runtime.internal;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Dictionary;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

import org.osgi.framework.BundleContext;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

/**
 * Applies the feature's configurations (Configurator style): the launcher resolves the
 * feature's {@code configurations} section and names the file in the framework property
 * {@value #FILE_PROPERTY}; this component hands each PID to Config Admin. Factory
 * configurations are written {@code factoryPid~name}. Unchanged configurations are not
 * updated again, so a restart of this bundle does not reconfigure anything.
 */
@Component(immediate = true, service = {})
public class FeatureConfigurator {
    static final String FILE_PROPERTY = "vos.configurations";
    private static final Logger LOG = LoggerFactory.getLogger(FeatureConfigurator.class);

    @Activate
    public FeatureConfigurator(BundleContext context, @Reference ConfigurationAdmin configAdmin) {
        String file = context.getProperty(FILE_PROPERTY);
        if (file == null || file.isBlank()) {
            return;
        }
        try (Reader r = Files.newBufferedReader(Path.of(file), StandardCharsets.UTF_8)) {
            JsonObject all = JsonParser.parseReader(r).getAsJsonObject();
            int changed = apply(configAdmin, all);
            LOG.info("applied {} of {} feature configurations from {}", changed, all.size(), file);
        } catch (IOException | RuntimeException e) {
            LOG.error("cannot apply the feature configurations of {}", file, e);
        }
    }

    static int apply(ConfigurationAdmin configAdmin, JsonObject all) throws IOException {
        int changed = 0;
        for (Map.Entry<String, JsonElement> e : all.entrySet()) {
            String pid = e.getKey();
            Dictionary<String, Object> props = ConfigValues.toDictionary(e.getValue().getAsJsonObject());
            int tilde = pid.indexOf('~');
            Configuration cfg = tilde > 0
                    ? configAdmin.getFactoryConfiguration(pid.substring(0, tilde), pid.substring(tilde + 1), "?")
                    : configAdmin.getConfiguration(pid, "?");
            if (!same(cfg.getProperties(), props)) {
                cfg.update(props);
                changed++;
            }
        }
        return changed;
    }

    private static boolean same(Dictionary<String, Object> current, Dictionary<String, Object> wanted) {
        if (current == null) {
            return false;
        }
        Map<String, Object> a = new LinkedHashMap<>();
        for (Enumeration<String> keys = current.keys(); keys.hasMoreElements();) {
            String k = keys.nextElement();
            if (!k.startsWith("service.") && !k.equals("felix.fileinstall.filename")) {
                a.put(k, current.get(k));
            }
        }
        if (a.size() != wanted.size()) {
            return false;
        }
        for (Enumeration<String> keys = wanted.keys(); keys.hasMoreElements();) {
            String k = keys.nextElement();
            if (!Objects.deepEquals(a.get(k), wanted.get(k))) {
                return false;
            }
        }
        return true;
    }

}
