package org.vos.api.migration;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.osgi.annotation.versioning.ConsumerType;
import org.osgi.annotation.versioning.ProviderType;

/**
 * Image streams between executives (docs/migration.md). The target is told by the manager to
 * {@link #expect} one stream with a one-time token; the source {@link #send}s an image directory
 * to the target's {@link #address()}; the target verifies every file's SHA-256 and the files the
 * image maps from the target's own disk, hands the directory to its {@link Receiver}, answers,
 * and waits for the source to commit. Failures raise {@link org.vos.api.domain.VosException} with
 * the codes {@code transfer-refused}, {@code transfer-failed}, {@code checksum-mismatch},
 * {@code file-differs}, {@code restore-failed}, {@code timeout}.
 */
@ProviderType
public interface Transfers {

    /** Where this executive accepts streams, {@code address:port}. */
    String address();

    /**
     * Accepts exactly one stream carrying {@code token} within {@code ttl}; any other stream is
     * refused and closed. The receiver runs on the listener's thread once the image is complete
     * and verified.
     */
    void expect(String token, String migrationId, Duration ttl, Receiver receiver);

    /** Forgets an expected token (the migration was given up before the stream came). */
    boolean cancel(String token);

    /**
     * Connects to {@code address}, presents the token and {@code mapped} (files the image maps
     * from the target's own disk; the target checks them before anything else), and only then
     * calls {@code prepare} (which freezes and dumps the program and answers the image directory),
     * so that connecting and checking stay out of the program's downtime. Streams the regular
     * files of that directory, waits for the target's restore, runs {@code onRestored} (it
     * discards the frozen copy; when it throws, the target undoes its restore) and commits.
     *
     * @return the target's answer ({@link Receipt#answer})
     */
    Receipt send(String address, String token, String migrationId, List<FileIdentity> mapped,
            java.util.concurrent.Callable<Path> prepare, Runnable onRestored);

    /**
     * The files the tree of {@code hostPid} maps privately from this host's disk and whose clean
     * pages the target is to map from its own copy, as {@code strategy} decides per region
     * ({@code null}: every such file), with their size, mtime and SHA-256 (cached).
     */
    List<FileIdentity> mappedFiles(long hostPid, org.vos.api.strategy.MigrationStrategy strategy);

    /** Size, mtime and SHA-256 (cached) of files on this host, e.g. the files an image at rest maps. */
    List<FileIdentity> identities(List<String> paths);

    /** What the source learns from a completed transfer. */
    final class Receipt {
        /** Bytes sent, files and framing included. */
        public long bytes;
        /** Milliseconds from the first image byte until the last one was sent. */
        public long transferMs;
        /** Milliseconds from connect until the target accepted the token and the mapped files. */
        public long connectMs;
        /** Milliseconds the target spent restoring. */
        public long restoreMs;
        /** What the receiver answered (e.g. the restored process's id and host pid). */
        public Map<String, String> answer = new java.util.LinkedHashMap<>();
    }

    /** A file the target must hold identically (paper's Minimal State: pages mapped from it). */
    final class FileIdentity {
        public String path;
        public long size;
        public long mtimeNs;
        public String sha256;
    }

    /** The target's side of one expected stream. */
    @ConsumerType
    interface Receiver {
        /** Brings the verified image in {@code dir} to life; returns what the source should learn. */
        Map<String, String> restore(Path dir) throws Exception;

        /** The source did not commit: undo {@link #restore} (kill what was restored). */
        void abort(Map<String, String> restored);
    }
}
