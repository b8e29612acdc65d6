package org.vos.cli;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

import org.vos.api.model.BundleInfo;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code vos bundles [--host H] list|install|start|stop|update|uninstall}: hot deploy into a running runtime. */
@Command(name = "bundles", description = "Bundles of a runtime (the manager's when no host is given).",
        subcommands = {BundlesCommand.ListCommand.class, BundlesCommand.InstallCommand.class, BundlesCommand.StartCommand.class,
                BundlesCommand.StopCommand.class, BundlesCommand.UpdateCommand.class, BundlesCommand.UninstallCommand.class})
final class BundlesCommand implements Callable<Integer> {
    final Ctx ctx;
    @Option(names = "--host", description = "The host whose executive to act on.")
    String host;
    @Mixin
    JsonOption json;

    BundlesCommand(Ctx ctx) {
        this.ctx = ctx;
    }

    /** {@code vos bundles} alone lists. */
    @Override
    public Integer call() {
        return new ListCommand(ctx).list(this, null, false);
    }

    /** What every subcommand shares: the host given before or after the subcommand, and output. */
    abstract static class Sub implements Callable<Integer> {
        final Ctx ctx;
        @ParentCommand
        BundlesCommand parent;
        @Option(names = "--host", description = "The host whose executive to act on.")
        String host;
        @Mixin
        JsonOption json;

        Sub(Ctx ctx) {
            this.ctx = ctx;
        }

        String host() {
            return host != null ? host : parent.host;
        }

        boolean json() {
            return json.json || parent.json.json;
        }

        String where() {
            return host() == null ? "the manager" : host();
        }

        /** Prints a bundle and fails when a requested start did not happen. */
        int report(String verb, BundleInfo b, boolean wantActive) {
            if (json()) {
                ctx.json(b);
            } else {
                ctx.out.println(verb + " " + b.symbolicName + " " + b.version + " (id " + b.id + ") on " + where() + ": " + b.state);
            }
            if (wantActive && !"ACTIVE".equals(b.state)) {
                String missing = b.missing == null || b.missing.isEmpty() ? "" : ", missing " + String.join("; ", b.missing);
                throw new CliException(b.symbolicName + " is " + b.state + ", not ACTIVE" + missing);
            }
            return 0;
        }

        static InputStream open(Path file) {
            try {
                return Files.newInputStream(file);
            } catch (NoSuchFileException e) {
                throw new CliException("no such file: " + file);
            } catch (IOException e) {
                throw new CliException("cannot read " + file + ": " + e.getMessage());
            }
        }
    }

    @Command(name = "list", description = "id, symbolicName, version, state of every bundle.")
    static final class ListCommand extends Sub {
        ListCommand(Ctx ctx) {
            super(ctx);
        }

        @Override
        public Integer call() {
            return list(parent, host, json.json);
        }

        int list(BundlesCommand p, String ownHost, boolean ownJson) {
            String h = ownHost != null ? ownHost : p.host;
            List<BundleInfo> bundles = ctx.client().list(h);
            if (ownJson || p.json.json) {
                ctx.json(bundles);
                return 0;
            }
            List<List<String>> rows = new ArrayList<>();
            for (BundleInfo b : bundles) {
                rows.add(List.of(Long.toString(b.id), b.symbolicName == null ? "-" : b.symbolicName, String.valueOf(b.version), b.state));
            }
            ctx.table(List.of("ID", "SYMBOLIC-NAME", "VERSION", "STATE"), rows);
            return 0;
        }
    }

    @Command(name = "install", description = "Install a bundle jar (and start it with --start).")
    static final class InstallCommand extends Sub {
        @Parameters(index = "0", paramLabel = "FILE")
        Path file;
        @Option(names = "--start", description = "Start it once installed.")
        boolean start;

        InstallCommand(Ctx ctx) {
            super(ctx);
        }

        @Override
        public Integer call() {
            BundleInfo b = ctx.client().install(host(), file.getFileName().toString(), open(file), start);
            return report("installed", b, start);
        }
    }

    @Command(name = "start", description = "Start a bundle.")
    static final class StartCommand extends Sub {
        @Parameters(index = "0", paramLabel = "BSN")
        String bsn;

        StartCommand(Ctx ctx) {
            super(ctx);
        }

        @Override
        public Integer call() {
            return report("started", ctx.client().start(host(), bsn), true);
        }
    }

    @Command(name = "stop", description = "Stop a bundle.")
    static final class StopCommand extends Sub {
        @Parameters(index = "0", paramLabel = "BSN")
        String bsn;

        StopCommand(Ctx ctx) {
            super(ctx);
        }

        @Override
        public Integer call() {
            return report("stopped", ctx.client().stop(host(), bsn), false);
        }
    }

    @Command(name = "update", description = "Replace a bundle by a new jar.")
    static final class UpdateCommand extends Sub {
        @Parameters(index = "0", paramLabel = "BSN")
        String bsn;
        @Parameters(index = "1", paramLabel = "FILE")
        Path file;

        UpdateCommand(Ctx ctx) {
            super(ctx);
        }

        @Override
        public Integer call() {
            return report("updated", ctx.client().update(host(), bsn, open(file)), false);
        }
    }

    @Command(name = "uninstall", description = "Uninstall a bundle.")
    static final class UninstallCommand extends Sub {
        @Parameters(index = "0", paramLabel = "BSN")
        String bsn;

        UninstallCommand(Ctx ctx) {
            super(ctx);
        }

        @Override
        public Integer call() {
            ctx.client().uninstall(host(), bsn);
            if (json()) {
                ctx.json(Map.of("uninstalled", bsn, "host", where()));
            } else {
                ctx.out.println("uninstalled " + bsn + " from " + where());
            }
            return 0;
        }
    }
}
