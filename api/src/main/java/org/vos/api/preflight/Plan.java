package org.vos.api.preflight;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The answer of a pre-flight: everything a checkpoint would touch, blockers first. */
public class Plan {
    public String processId;
    /** Host the program runs on. */
    public String host;
    public long hostPid;
    /** Target host of the planned migration, null for a checkpoint in place. */
    public String to;
    public String strategy;
    /** True when nothing blocks the checkpoint (and the migration to {@link #to}). */
    public boolean ok;
    public int blockers;
    public int processes;
    public int threads;
    public int descriptors;
    /** Bytes the image would carry: memory pages under the strategy (shipped file contents not counted). */
    public long imageBytes;
    /** Time the plan took on the source host, milliseconds. */
    public long elapsedMs;
    /** What the program needs of a target: xfeatures, xsave_size, cpu_flags, page_size, virtualizers. */
    public Map<String, Object> needs = new LinkedHashMap<>();
    /** The target's {@link Preflight#profile()} the plan was compared with (null without a target). */
    public Map<String, Object> target;
    /** One entry per process, thread, memory region, descriptor and mismatch; blockers first. */
    public List<PlanItem> items = new ArrayList<>();

    /** The blockers as one message, each with its remedy ({@code ""} when there are none). */
    public String message() {
        StringBuilder s = new StringBuilder();
        for (PlanItem i : items) {
            if (i.blocker) {
                s.append(s.length() == 0 ? "" : "; ").append(i.line());
            }
        }
        return s.toString();
    }
}
