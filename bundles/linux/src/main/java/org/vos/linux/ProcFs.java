package org.vos.linux;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/** Parsers of /proc/PID files; the root is injectable so tests read fake trees. */
public final class ProcFs {
    private final Path root;

    public ProcFs(Path root) {
        this.root = root;
    }

    public static ProcFs system() {
        return new ProcFs(Path.of("/proc"));
    }

    public Path root() {
        return root;
    }

    public Path pidDir(long pid) {
        return root.resolve(Long.toString(pid));
    }

    private String read(Path p) {
        try {
            return Files.readString(p);
        } catch (NoSuchFileException e) {
            throw new LinuxException("read " + p, Errno.ENOENT);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public boolean exists(long pid) {
        return Files.isDirectory(pidDir(pid));
    }

    /** /proc/PID/maps. */
    public List<Vma> maps(long pid) {
        List<Vma> out = new ArrayList<>();
        for (String line : read(pidDir(pid).resolve("maps")).split("\n")) {
            if (!line.isEmpty()) {
                out.add(parseMapsLine(line, Set.of()));
            }
        }
        return out;
    }

    /** /proc/PID/smaps: the maps lines with their VmFlags. */
    public List<Vma> smaps(long pid) {
        List<Vma> out = new ArrayList<>();
        String header = null;
        for (String line : read(pidDir(pid).resolve("smaps")).split("\n")) {
            if (line.isEmpty()) {
                continue;
            }
            if (isMapsHeader(line)) {
                if (header != null) {
                    out.add(parseMapsLine(header, Set.of()));
                }
                header = line;
            } else if (line.startsWith("VmFlags:") && header != null) {
                Set<String> f = new HashSet<>(List.of(line.substring(8).trim().split("\\s+")));
                out.add(parseMapsLine(header, Collections.unmodifiableSet(f)));
                header = null;
            }
        }
        if (header != null) {
            out.add(parseMapsLine(header, Set.of()));
        }
        return out;
    }

    private static boolean isMapsHeader(String line) {
        int dash = line.indexOf('-');
        int sp = line.indexOf(' ');
        return dash > 0 && sp > dash && line.substring(0, dash).chars().allMatch(c -> Character.digit(c, 16) >= 0);
    }

    static Vma parseMapsLine(String line, Set<String> flags) {
        // start-end perms offset dev inode [path]; path may contain spaces
        String[] f = line.trim().split("\\s+", 6);
        String[] range = f[0].split("-");
        String path = f.length > 5 ? f[5] : "";
        return new Vma(Long.parseUnsignedLong(range[0], 16), Long.parseUnsignedLong(range[1], 16), f[1],
                Long.parseUnsignedLong(f[2], 16), f[3], Long.parseLong(f[4]), path, flags);
    }

    /**
     * /proc/PID/stat split into fields numbered as in proc(5): index 1 is the pid, 2 comm
     * (without parentheses, may contain spaces), 3 state, ... index 0 unused.
     */
    public String[] stat(long pid) {
        return parseStat(read(pidDir(pid).resolve("stat")));
    }

    public String[] taskStat(long pid, long tid) {
        return parseStat(read(pidDir(pid).resolve("task").resolve(Long.toString(tid)).resolve("stat")));
    }

    static String[] parseStat(String s) {
        int open = s.indexOf('(');
        int close = s.lastIndexOf(')');
        String[] rest = s.substring(close + 2).trim().split(" ");
        String[] out = new String[rest.length + 3];
        out[1] = s.substring(0, open).trim();
        out[2] = s.substring(open + 1, close);
        System.arraycopy(rest, 0, out, 3, rest.length);
        return out;
    }

    /** State letter of /proc/PID/stat (R, S, D, T, t, Z, ...), or 0 when the process is gone. */
    public char state(long pid) {
        try {
            return stat(pid)[3].charAt(0);
        } catch (LinuxException e) {
            return 0;
        }
    }

    /** /proc/PID/status as key → value (trimmed). */
    public Map<String, String> status(long pid) {
        return parseColonFile(read(pidDir(pid).resolve("status")));
    }

    static Map<String, String> parseColonFile(String s) {
        Map<String, String> m = new LinkedHashMap<>();
        for (String line : s.split("\n")) {
            int c = line.indexOf(':');
            if (c > 0) {
                m.put(line.substring(0, c).trim(), line.substring(c + 1).trim());
            }
        }
        return m;
    }

    /** /proc/PID/fdinfo/FD as key → value (pos, flags in octal, mnt_id, ...). */
    public Map<String, String> fdinfo(long pid, int fd) {
        return parseColonFile(read(pidDir(pid).resolve("fdinfo").resolve(Integer.toString(fd))));
    }

    /** Open descriptor numbers of /proc/PID/fd, ascending. */
    public List<Integer> fds(long pid) {
        return listNumbers(pidDir(pid).resolve("fd")).stream().map(Long::intValue).toList();
    }

    /** Link target of /proc/PID/fd/FD. */
    /**
     * Descriptor {@code fd} of {@code pid} as handle virtualizers see it (link target, every fdinfo
     * field, flags, position, inode and the resource kind), read without stopping the process.
     * The engine and pre-flight both read descriptors through here, so they always agree on kinds.
     */
    public org.vos.api.virt.Handle handle(long pid, int fd) {
        org.vos.api.virt.Handle h = new org.vos.api.virt.Handle();
        h.pid = pid;
        h.fd = fd;
        h.target = fdTarget(pid, fd);
        Map<String, String> info = fdinfo(pid, fd);
        h.fdinfo.putAll(info);
        h.flags = Integer.parseInt(info.getOrDefault("flags", "0"), 8);
        h.pos = Long.parseLong(info.getOrDefault("pos", "0"));
        h.ino = Long.parseLong(info.getOrDefault("ino", "0"));
        h.kind = kind(pidDir(pid).resolve("fd").resolve(Integer.toString(fd)), h.target);
        return h;
    }

    /** The kind of api Handle#kind: from the link target, else from the file type behind the link. */
    static String kind(Path link, String target) {
        if (target.startsWith("socket:")) {
            return "socket";
        }
        if (target.startsWith("pipe:")) {
            return "pipe";
        }
        if (target.startsWith("anon_inode:")) {
            String n = target.substring("anon_inode:".length());
            if (n.startsWith("[") && n.endsWith("]")) {
                n = n.substring(1, n.length() - 1);
            }
            return "anon:" + n;
        }
        try {
            int mode = (Integer) Files.getAttribute(link, "unix:mode");
            return switch (mode & 0170000) {
                case 0100000 -> "file";
                case 0040000 -> "dir";
                case 0020000 -> "chr";
                case 0060000 -> "blk";
                case 0010000 -> "fifo";
                case 0140000 -> "socket";
                default -> "unknown";
            };
        } catch (IOException | UnsupportedOperationException e) {
            return "unknown";
        }
    }

    public String fdTarget(long pid, int fd) {
        return link(pidDir(pid).resolve("fd").resolve(Integer.toString(fd)));
    }

    public String link(Path p) {
        try {
            return Files.readSymbolicLink(p).toString();
        } catch (NoSuchFileException e) {
            throw new LinuxException("readlink " + p, Errno.ENOENT);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public String exe(long pid) {
        return link(pidDir(pid).resolve("exe"));
    }

    public String cwd(long pid) {
        return link(pidDir(pid).resolve("cwd"));
    }

    /** Thread ids of /proc/PID/task, ascending. */
    public List<Long> tasks(long pid) {
        return listNumbers(pidDir(pid).resolve("task"));
    }

    /** Children of every thread of the process (/proc/PID/task/TID/children). */
    public List<Long> children(long pid) {
        List<Long> out = new ArrayList<>();
        for (long tid : tasks(pid)) {
            Path p = pidDir(pid).resolve("task").resolve(Long.toString(tid)).resolve("children");
            try {
                for (String s : read(p).trim().split("\\s+")) {
                    if (!s.isEmpty()) {
                        out.add(Long.parseLong(s));
                    }
                }
            } catch (LinuxException e) {
                // thread gone meanwhile
            }
        }
        return out;
    }

    private List<Long> listNumbers(Path dir) {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).filter(n -> n.chars().allMatch(Character::isDigit))
                    .map(Long::parseLong).sorted().toList();
        } catch (NoSuchFileException e) {
            throw new LinuxException("list " + dir, Errno.ENOENT);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** /proc/PID/auxv as raw bytes (pairs of longs, AT_NULL terminated). */
    public byte[] auxvBytes(long pid) {
        try {
            return Files.readAllBytes(pidDir(pid).resolve("auxv"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** /proc/PID/auxv as type → value, in order, without AT_NULL. */
    public static Map<Long, Long> parseAuxv(byte[] raw) {
        Map<Long, Long> m = new LinkedHashMap<>();
        ByteBuffer b = ByteBuffer.wrap(raw).order(ByteOrder.LITTLE_ENDIAN);
        while (b.remaining() >= 16) {
            long type = b.getLong();
            long val = b.getLong();
            if (type == 0) {
                break;
            }
            m.put(type, val);
        }
        return m;
    }

    /** /proc/PID/timens_offsets: {monotonic ns, boottime ns}. */
    public long[] timensOffsets(long pid) {
        long[] out = new long[2];
        for (String line : read(pidDir(pid).resolve("timens_offsets")).split("\n")) {
            String[] f = line.trim().split("\\s+");
            if (f.length == 3) {
                long ns = Long.parseLong(f[1]) * 1_000_000_000L + Long.parseLong(f[2]);
                if (f[0].equals("monotonic") || f[0].equals("1")) {
                    out[0] = ns;
                } else if (f[0].equals("boottime") || f[0].equals("7")) {
                    out[1] = ns;
                }
            }
        }
        return out;
    }

    /** Inode of a namespace link, e.g. ns("pid"), to compare namespaces. */
    public String ns(long pid, String kind) {
        return link(pidDir(pid).resolve("ns").resolve(kind));
    }

    /** NSpid of /proc/PID/status: the pid in each nested namespace, outermost first. */
    public long[] nsPids(long pid) {
        String[] f = status(pid).getOrDefault("NSpid", Long.toString(pid)).split("\\s+");
        long[] out = new long[f.length];
        for (int i = 0; i < f.length; i++) {
            out[i] = Long.parseLong(f[i]);
        }
        return out;
    }

    /** /proc/PID/pagemap kept open for many lookups (one per mapping of a dump). */
    public final class Pagemap implements AutoCloseable {
        private final java.nio.channels.FileChannel ch;
        private final int pageSize;
        private ByteBuffer buf = ByteBuffer.allocateDirect(1 << 16).order(ByteOrder.LITTLE_ENDIAN);

        Pagemap(long pid, int pageSize) throws IOException {
            this.ch = java.nio.channels.FileChannel.open(pidDir(pid).resolve("pagemap"));
            this.pageSize = pageSize;
        }

        /** Entries for [start, end): one long per page (bit 63 present, 62 swapped, 61 file/shared). */
        public long[] read(long start, long end) {
            int n = (int) ((end - start) / pageSize);
            if (buf.capacity() < n * 8) {
                buf = ByteBuffer.allocateDirect(n * 8).order(ByteOrder.LITTLE_ENDIAN);
            }
            buf.clear().limit(n * 8);
            long pos = (start / pageSize) * 8;
            try {
                while (buf.hasRemaining()) {
                    if (ch.read(buf, pos + buf.position()) <= 0) {
                        break;
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            buf.flip();
            long[] out = new long[n];
            buf.asLongBuffer().get(out, 0, Math.min(n, buf.remaining() / 8));
            return out;
        }

        @Override
        public void close() {
            try {
                ch.close();
            } catch (IOException e) {
                // nothing to release for a /proc file
            }
        }
    }

    public Pagemap pagemap(long pid, int pageSize) {
        try {
            return new Pagemap(pid, pageSize);
        } catch (NoSuchFileException e) {
            throw new LinuxException("open " + pidDir(pid).resolve("pagemap"), Errno.ENOENT);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** /proc/PID/pagemap entries for [start, end): one long per page. */
    public long[] pagemap(long pid, long start, long end, int pageSize) {
        int n = (int) ((end - start) / pageSize);
        long[] out = new long[n];
        try (var ch = java.nio.channels.FileChannel.open(pidDir(pid).resolve("pagemap"))) {
            ByteBuffer b = ByteBuffer.allocateDirect(n * 8).order(ByteOrder.LITTLE_ENDIAN);
            long pos = (start / pageSize) * 8;
            while (b.hasRemaining()) {
                if (ch.read(b, pos + b.position()) <= 0) {
                    break;
                }
            }
            b.flip();
            b.asLongBuffer().get(out, 0, Math.min(n, b.remaining() / 8));
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
