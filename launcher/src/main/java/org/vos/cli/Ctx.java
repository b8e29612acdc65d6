package org.vos.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;

import org.vos.client.VosClient;

/**
 * Where the command finds things: the repository it was started from ({@code -Dvos.root}), the
 * domain's state directory ({@code VOS_STATE}, default /run/vos), the manager ({@code VOS_URL},
 * default the port the running domain was started on, else http://127.0.0.1:7080) and the
 * domain token (the state directory's {@code token}, or {@code VOS_TOKEN}).
 */
final class Ctx {
    static final int DEFAULT_PORT = 7080;
    static final Gson GSON = new GsonBuilder().setPrettyPrinting().disableHtmlEscaping().create();

    final Path root;
    final Layout layout;
    final Map<String, String> env;
    final PrintStream out;

    Ctx(Path root, Path state, Map<String, String> env, PrintStream out) {
        this.root = root;
        this.layout = new Layout(state);
        this.env = env;
        this.out = out;
    }

    static Ctx fromSystem() {
        Map<String, String> env = System.getenv();
        Path root = Path.of(System.getProperty("vos.root", System.getProperty("user.dir"))).toAbsolutePath().normalize();
        Path state = Path.of(env.getOrDefault("VOS_STATE", "/run/vos"));
        return new Ctx(root, state, env, new PrintStream(System.out, true, StandardCharsets.UTF_8));
    }

    String url() {
        String url = env.get("VOS_URL");
        if (url != null && !url.isBlank()) {
            return url.strip();
        }
        int port = layout.recordedPort();
        return "http://127.0.0.1:" + (port > 0 ? port : DEFAULT_PORT);
    }

    String token() {
        Path file = layout.token();
        if (Files.isReadable(file)) {
            try {
                return Files.readString(file, StandardCharsets.UTF_8).strip();
            } catch (IOException e) {
                // fall through to the environment
            }
        }
        String t = env.get("VOS_TOKEN");
        return t == null || t.isBlank() ? null : t.strip();
    }

    VosClient client() {
        return new VosClient(url(), token(), Duration.ofSeconds(120));
    }

    void json(Object value) {
        out.println(GSON.toJson(value));
    }

    /** Prints rows under a header, columns padded to their widest cell. */
    void table(List<String> header, List<List<String>> rows) {
        int[] w = new int[header.size()];
        for (int i = 0; i < w.length; i++) {
            w[i] = header.get(i).length();
            for (List<String> r : rows) {
                w[i] = Math.max(w[i], r.get(i) == null ? 4 : r.get(i).length());
            }
        }
        printRow(header, w);
        for (List<String> r : rows) {
            printRow(r, w);
        }
    }

    private void printRow(List<String> cells, int[] w) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < cells.size(); i++) {
            String c = cells.get(i) == null ? "-" : cells.get(i);
            b.append(c);
            if (i < cells.size() - 1) {
                b.append(" ".repeat(w[i] - c.length() + 2));
            }
        }
        out.println(b.toString().stripTrailing());
    }
}
