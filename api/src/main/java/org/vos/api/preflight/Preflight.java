package org.vos.api.preflight;

import java.util.Map;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Says before anything is frozen whether a program can be checkpointed and moved, and why not.
 * An executive plans its own programs; a manager forwards to the executive the program lives on.
 * Reading the plan never stops, traces or changes the program (only /proc is read).
 */
@ProviderType
public interface Preflight {
    /** Configuration PID of the executive's pre-flight (property {@code hiddenCpuFlags}). */
    String PID = "org.vos.preflight";

    /**
     * The plan of a checkpoint of process {@code id} (a vos id) and, when {@code to} names a host,
     * of its migration there with {@code strategy} (null: {@code full}).
     *
     * @throws org.vos.api.domain.VosException {@code unknown-process} (404), {@code unknown-host} (404)
     */
    Plan plan(String id, String to, String strategy);

    /**
     * What this host offers a program that arrives: kernel release, CPU model, CPU flags relevant to
     * user state (minus those configured hidden), xsave features and size, page size, and the
     * versions of the virtualizer and strategy bundles installed. Keys: {@code host},
     * {@code kernel_release}, {@code cpu_model}, {@code cpu_flags}, {@code xfeatures} (hex),
     * {@code xsave_size}, {@code page_size}, {@code hidden_cpu_flags}, {@code virtualizers} and
     * {@code strategies} (name to bundle and version).
     */
    Map<String, Object> profile();
}
