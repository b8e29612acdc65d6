package org.vos.virt.files.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.util.Map;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.vos.api.domain.VosException;
import org.vos.api.virt.Handle;
import org.vos.api.virt.HandleRecord;
import org.vos.api.virt.HandleVirtualizer;
import org.vos.api.virt.ProcessAccess;

/**
 * Regular files in host-private directories (/tmp, /var/tmp): recorded with size, mtime, mode and
 * SHA-256 of the open file's content, which travels in the image (up to a limit). At restore the
 * file at the path must be the same (same SHA-256) and is reopened; a missing file is recreated
 * from the image; a file that differs is refused, naming it: never silently another file, never
 * overwritten. Append-only files (logs the program writes) travel too, but at restore an existing
 * file at the path is reopened as it is: the program only ever appends to it, so whatever was added
 * there since is kept and its next line goes after it.
 */
@Component(service = HandleVirtualizer.class, configurationPid = "org.vos.virt.files.private",
    property = {HandleVirtualizer.NAME + "=" + PrivateFileVirtualizer.NAME, HandleVirtualizer.KINDS + "=file"})
@Designate(ocd = PrivateFileVirtualizer.Config.class)
public final class PrivateFileVirtualizer implements HandleVirtualizer {
    public static final String NAME = "files.private";

    @ObjectClassDefinition(name = "vos private files", description = "Files in host-private directories: verified and shipped")
    public @interface Config {
        @AttributeDefinition(description = "Directory prefixes whose files exist only on this host")
        String[] directories() default {"/tmp/", "/var/tmp/"};

        @AttributeDefinition(description = "Largest content shipped in the image, bytes; bigger files must exist identically on the target")
        long maxShippedBytes() default 64L << 20;
    }

    private final String[] dirs;
    private final long maxShipped;

    @Activate
    public PrivateFileVirtualizer(Config c) {
        this.dirs = c.directories();
        this.maxShipped = c.maxShippedBytes();
    }

    public PrivateFileVirtualizer() {
        this(new String[] {"/tmp/", "/var/tmp/"}, 64L << 20);
    }

    PrivateFileVirtualizer(String[] dirs, long maxShipped) {
        this.dirs = dirs;
        this.maxShipped = maxShipped;
    }

    @Override
    public boolean claims(Handle h) {
        if (!"file".equals(h.kind) || h.target.endsWith(DeletedFileVirtualizer.DELETED)) {
            return false;
        }
        for (String d : dirs) {
            if (h.target.startsWith(d)) {
                return Fds.plainFileSystem(h);
            }
        }
        return false;
    }

    @Override
    public String plan(Handle h) {
        return "verify (size, mtime, SHA-256) and ship host-private " + h.target + " at offset " + h.pos;
    }

    @Override
    public HandleRecord dump(ProcessAccess p, Handle h) {
        HandleRecord r = Fds.record(h, NAME);
        r.props.put("path", h.target);
        if (appendOnly(h.flags)) {
            r.props.put("appendOnly", "true");
        }
        try {
            Map<String, Object> a = Files.readAttributes(Path.of("/proc/" + h.pid + "/fd/" + h.fd), "unix:size,mode,lastModifiedTime");
            long size = (Long) a.get("size");
            r.props.put("size", Long.toString(size));
            r.props.put("mode", Integer.toOctalString((Integer) a.get("mode") & 07777));
            r.props.put("mtime", Long.toString(((FileTime) a.get("lastModifiedTime")).toMillis()));
            if (size <= maxShipped) {
                r.props.put("shipped", "true");
                r.props.put("sha256", Fds.copyOut(p, h.fd, p.imageFile("content")));
            } else {
                int l = p.take(h.fd);
                r.props.put("sha256", Fds.sha256(Fds.local(l)));
            }
        } catch (IOException e) {
            throw new VosException(500, "handle-dump-failed", "process " + h.pid + " fd " + h.fd + ": cannot read " + h.target + ": " + e, null, e);
        }
        return r;
    }

    @Override
    public void restore(ProcessAccess p, HandleRecord r) {
        Path path = Path.of(r.props.get("path"));
        String want = r.props.get("sha256");
        boolean shipped = "true".equals(r.props.get("shipped"));
        boolean appendOnly = "true".equals(r.props.get("appendOnly"));
        if (Files.exists(path, LinkOption.NOFOLLOW_LINKS) && appendOnly && Files.isRegularFile(path)) {
            // appended to since (or the same file): the program goes on appending to it
        } else if (Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
            String got = Files.isRegularFile(path) ? Fds.sha256(path) : "not a regular file";
            if (!got.equals(want)) {
                throw new VosException(409, "file-differs", "process " + p.hostPid() + " fd " + r.fd + ": " + path
                        + " on this host differs from the checkpointed file (SHA-256 " + abbrev(got) + ", image has "
                        + abbrev(want) + ", " + r.props.get("size") + " bytes); refusing to open a different file");
            }
        } else if (shipped) {
            recreate(path, p.imageFile("content"), r);
        } else {
            throw new VosException(409, "file-missing", "process " + p.hostPid() + " fd " + r.fd + ": " + path
                    + " does not exist on this host and the image does not carry it (" + r.props.get("size") + " bytes)");
        }
        int flags = (r.flags & ~(Fds.O_CREAT | Fds.O_EXCL | Fds.O_TRUNC | Fds.O_NOCTTY)) | Fds.O_CLOEXEC;
        long tmp = Fds.check(p, r.fd, "open " + path, Fds.SYS_openat, Fds.AT_FDCWD, p.scratch(Fds.cstr(path.toString())), flags, 0);
        Fds.place(p, tmp, r, false); // opened with the record's flags
    }

    private static void recreate(Path path, Path content, HandleRecord r) {
        try {
            Files.createDirectories(path.getParent());
            Path tmp = path.resolveSibling(path.getFileName() + ".vos-" + System.nanoTime());
            Files.copy(content, tmp);
            Files.setAttribute(tmp, "unix:mode", Integer.parseInt(r.props.getOrDefault("mode", "644"), 8));
            Files.setLastModifiedTime(tmp, FileTime.fromMillis(Long.parseLong(r.props.getOrDefault("mtime", "0"))));
            Files.move(tmp, path, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new VosException(500, "handle-restore-failed", "fd " + r.fd + ": cannot recreate " + path + " from the image: " + e, null, e);
        }
    }

    private static boolean appendOnly(int flags) {
        return (flags & Fds.O_ACCMODE) == 1 && (flags & Fds.O_APPEND) != 0;
    }

    private static String abbrev(String h) {
        return h.length() > 12 ? h.substring(0, 12) + "…" : h;
    }
}
