package org.vos.preflight.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * The peers of the unix sockets of a tree: {@code ss -xaH} (sock_diag) in the process's network
 * namespace gives each socket inode with its peer's; a peer that no process of the tree holds is
 * outside it. Run once per network namespace and plan, only when the tree has unix sockets.
 */
final class UnixPeers {
    private final Path proc;
    /** Socket inodes held by the processes of the tree. */
    final Set<Long> tree;
    private final Map<String, Map<Long, Long>> byNs = new HashMap<>();

    UnixPeers(Path proc, Set<Long> tree) {
        this.proc = proc;
        this.tree = tree;
    }

    /** Peer inode of unix socket {@code ino} of {@code pid}; 0 when unconnected, null when unknown. */
    Long peer(long pid, long ino) {
        String ns;
        try {
            ns = Files.readSymbolicLink(proc.resolve(pid + "/ns/net")).toString();
        } catch (IOException e) {
            return null;
        }
        return byNs.computeIfAbsent(ns, n -> table(pid)).get(ino);
    }

    private Map<Long, Long> table(long pid) {
        boolean own;
        try {
            own = Files.readSymbolicLink(proc.resolve("self/ns/net")).equals(Files.readSymbolicLink(proc.resolve(pid + "/ns/net")));
        } catch (IOException e) {
            own = false;
        }
        List<String> cmd = own ? List.of("ss", "-xaH") : List.of("nsenter", "-t", Long.toString(pid), "-n", "ss", "-xaH");
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(10, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return Map.of();
            }
            return parse(out);
        } catch (IOException e) {
            return Map.of();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Map.of();
        }
    }

    /** {@code ss -xaH} lines: netid state recv-q send-q local-address local-inode peer-address peer-inode. */
    static Map<Long, Long> parse(String ss) {
        Map<Long, Long> out = new HashMap<>();
        for (String line : ss.split("\n")) {
            String[] f = line.trim().split("\\s+");
            if (f.length < 8) {
                continue;
            }
            try {
                out.put(Long.parseLong(f[f.length - 3]), Long.parseLong(f[f.length - 1]));
            } catch (NumberFormatException e) {
                // a header or an address with odd characters: not ours
            }
        }
        return out;
    }
}
