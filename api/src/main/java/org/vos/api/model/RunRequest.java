package org.vos.api.model;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Launch of an unmodified program under vos. */
public class RunRequest {
    public List<String> command = new ArrayList<>();
    public String name;
    /** Host to run on; null for the least loaded. */
    public String host;
    public boolean tty;
    public String cwd;
    public Map<String, String> env = new LinkedHashMap<>();
}
