package org.example.vos.uname;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.osgi.service.component.annotations.Component;
import org.vos.api.hook.SyscallEvent;
import org.vos.api.hook.SyscallHook;
import org.vos.api.hook.SyscallResult;

/**
 * Hook set "uname-example": uname(2) of the programs it applies to returns the host's values
 * except the node name, which becomes {@code <executable>.vos} — a node name per application.
 * The kernel never runs the call: the hook fills {@code struct utsname} (6 fields of 65 bytes)
 * in the program's memory and answers 0.
 */
@Component(service = SyscallHook.class, property = {
        SyscallHook.SYSCALLS + "=uname",
        SyscallHook.HOOK_SET + "=uname-example",
        SyscallHook.APPLIES_TO + "=uname-n*,bash,sh,dash"})
public final class UnameHook implements SyscallHook {
    private static final int FIELD = 65;

    @Override
    public SyscallResult handle(SyscallEvent e) {
        String exe = e.exe();
        String app = exe == null ? "app" : Path.of(exe).getFileName().toString();
        byte[] uts = new byte[6 * FIELD];
        put(uts, 0, kernel("ostype", "Linux"));
        put(uts, 1, app + ".vos");
        put(uts, 2, kernel("osrelease", ""));
        put(uts, 3, kernel("version", ""));
        put(uts, 4, "x86_64");
        put(uts, 5, kernel("domainname", "(none)"));
        e.write(e.arg(0), uts);
        return SyscallResult.value(0);
    }

    private static void put(byte[] uts, int field, String value) {
        byte[] b = value.getBytes(StandardCharsets.UTF_8);
        System.arraycopy(b, 0, uts, field * FIELD, Math.min(b.length, FIELD - 1));
    }

    private static String kernel(String name, String dflt) {
        try {
            return Files.readString(Path.of("/proc/sys/kernel", name)).trim();
        } catch (IOException e) {
            return dflt;
        }
    }
}
