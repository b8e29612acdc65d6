package org.vos.hooks.paths.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.vos.api.hook.SyscallEvent;
import org.vos.api.hook.SyscallHook;
import org.vos.api.hook.SyscallResult;

/**
 * Hook set {@code paths}: an {@code open}/{@code openat} of an absolute path under a virtual
 * prefix (default {@code /data}) opens the host's own directory for it instead, and the program
 * gets that descriptor (ADDFD). Each host maps the prefix on its own, so after a migration the
 * program's new opens land in the new host's directory.
 */
@Component(service = SyscallHook.class, configurationPid = "org.vos.hooks.paths",
        property = {SyscallHook.SYSCALLS + "=openat,open", SyscallHook.HOOK_SET + "=paths"})
@Designate(ocd = PathsHook.Config.class)
public final class PathsHook implements SyscallHook {
    private static final int AT_FDCWD = -100, O_CREAT = 0100;

    @ObjectClassDefinition(name = "vos hooks: paths", description = "Virtual paths mapped per host")
    public @interface Config {
        @AttributeDefinition(name = "Mappings", description = "VIRTUAL=HOST_DIR; empty = /data=${vos.data.dir}/paths/data")
        String[] mappings() default {};
    }

    private final PathMap map;

    @Activate
    public PathsHook(Config config, BundleContext context) {
        String[] m = config.mappings();
        if (m == null || m.length == 0) {
            String base = context.getProperty("vos.data.dir");
            m = new String[] {"/data=" + (base != null ? base : System.getProperty("java.io.tmpdir") + "/vos") + "/paths/data"};
        }
        this.map = PathMap.parse(m);
        for (PathMap.Entry e : map.entries()) {
            try {
                Files.createDirectories(e.target());
            } catch (IOException x) {
                throw new IllegalStateException("cannot create " + e.target() + " for " + e.prefix() + ": " + x.getMessage(), x);
            }
        }
    }

    /** For tests. */
    PathsHook(PathMap map) {
        this.map = map;
    }

    @Override
    public boolean test(SyscallEvent e) {
        return e.name().equals("open") || (int) e.arg(0) == AT_FDCWD || (e.arg(1) != 0 && first(e, e.arg(1)) == '/');
    }

    private static int first(SyscallEvent e, long addr) {
        byte[] b = e.read(addr, 1);
        return b.length == 0 ? -1 : b[0];
    }

    @Override
    public SyscallResult handle(SyscallEvent e) {
        boolean at = e.name().equals("openat");
        String path = e.readString(e.arg(at ? 1 : 0), 4096);
        Path real = map.resolve(path);
        if (real == null) {
            return SyscallResult.proceed();
        }
        int flags = (int) e.arg(at ? 2 : 1);
        int mode = (flags & O_CREAT) != 0 ? (int) e.arg(at ? 3 : 2) : 0;
        return SyscallResult.file(real.toString(), flags, mode);
    }
}
