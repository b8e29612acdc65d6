package org.vos.virt.kernel.internal;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.vos.api.domain.VosException;
import org.vos.api.virt.Handle;
import org.vos.api.virt.ProcessAccess;

/** Who on this host holds which pipe: one scan of /proc per checkpoint, kept in the session's shared map. */
final class Holders {
    private Holders() {
    }

    /** Refuses a pipe that a process outside the checkpointed tree also holds; names both. */
    static void refuseOutside(ProcessAccess p, Handle h) {
        @SuppressWarnings("unchecked")
        Map<String, List<String>> all = (Map<String, List<String>>) p.shared().computeIfAbsent("pipe-holders", k -> scan());
        for (String holder : all.getOrDefault(h.target, List.of())) {
            long pid = Long.parseLong(holder.substring(0, holder.indexOf(' ')));
            if (!p.tree().contains(pid)) {
                throw new VosException(422, "handle-outside-tree", "process " + h.pid + " fd " + h.fd + " is " + h.target
                        + ", whose other end is held by process " + holder + ", outside the checkpointed tree");
            }
        }
    }

    private static Map<String, List<String>> scan() {
        Map<String, List<String>> out = new HashMap<>();
        try (DirectoryStream<Path> procs = Files.newDirectoryStream(Path.of("/proc"), d -> d.getFileName().toString().chars().allMatch(Character::isDigit))) {
            for (Path pd : procs) {
                String comm = "";
                try (DirectoryStream<Path> fds = Files.newDirectoryStream(pd.resolve("fd"))) {
                    for (Path fd : fds) {
                        try {
                            String t = Files.readSymbolicLink(fd).toString();
                            if (t.startsWith("pipe:")) {
                                if (comm.isEmpty()) {
                                    comm = Files.readString(pd.resolve("comm")).trim();
                                }
                                out.computeIfAbsent(t, k -> new ArrayList<>()).add(pd.getFileName() + " (" + comm + ") fd " + fd.getFileName());
                            }
                        } catch (IOException e) {
                            // closed meanwhile
                        }
                    }
                } catch (IOException e) {
                    // process gone or not ours to see
                }
            }
        } catch (IOException e) {
            throw new VosException(500, "handle-read-failed", "cannot scan /proc for pipe holders: " + e);
        }
        return out;
    }
}
