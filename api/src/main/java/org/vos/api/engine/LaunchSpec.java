package org.vos.api.engine;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** What to launch. Only {@link #command} and {@link #logFile} are required. */
public class LaunchSpec {
    /** argv; argv[0] is looked up in PATH when it has no slash. */
    public List<String> command = new ArrayList<>();
    /** Working directory; null = the engine's working directory. */
    public String cwd;
    /** Environment; null = the engine's environment. */
    public Map<String, String> env;
    /** Log file receiving stdout and stderr (created, appended to). */
    public String logFile;

    public static LaunchSpec of(String logFile, String... command) {
        LaunchSpec s = new LaunchSpec();
        s.logFile = logFile;
        s.command = new ArrayList<>(List.of(command));
        return s;
    }

    public LaunchSpec env(Map<String, String> env) {
        this.env = new LinkedHashMap<>(env);
        return this;
    }
}
