package org.vos.manager.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;

import org.vos.api.model.HostInfo;

/** The registered hosts (name, address, port) in {@code hosts.json} of the data directory, so a restarted manager keeps them. */
final class HostStore {
    private final Path file;
    private final Gson gson = new GsonBuilder().setPrettyPrinting().create();

    /** @param dir null: nothing is kept */
    HostStore(Path dir) {
        this.file = dir == null ? null : dir.resolve("hosts.json");
    }

    List<HostInfo> load() {
        if (file == null || !Files.isRegularFile(file)) {
            return List.of();
        }
        try {
            HostInfo[] hosts = gson.fromJson(Files.readString(file, StandardCharsets.UTF_8), HostInfo[].class);
            return hosts == null ? List.of() : Arrays.asList(hosts);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    void save(Collection<HostInfo> hosts) {
        if (file == null) {
            return;
        }
        List<HostInfo> stored = hosts.stream().map(h -> {
            HostInfo s = new HostInfo();
            s.name = h.name;
            s.address = h.address;
            s.port = h.port;
            return s;
        }).toList();
        try {
            Files.createDirectories(file.getParent());
            Path tmp = file.resolveSibling("hosts.json.tmp");
            Files.writeString(tmp, gson.toJson(stored), StandardCharsets.UTF_8);
            // atomic so a crash mid-write never leaves half a registry
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }
}
