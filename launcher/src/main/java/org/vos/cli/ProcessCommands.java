package org.vos.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

import org.vos.api.domain.VosException;
import org.vos.api.model.CheckpointRequest;
import org.vos.api.model.ImageInfo;
import org.vos.api.model.MigrateRequest;
import org.vos.api.model.MigrationInfo;
import org.vos.api.model.ProcessInfo;
import org.vos.api.model.RestoreRequest;
import org.vos.api.model.RunRequest;
import org.vos.client.VosClient;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** Managed processes: run, ps, logs, attach, checkpoint, restore, migrate, kill. */
final class ProcessCommands {
    private ProcessCommands() {
    }

    @Command(name = "run", description = "Launch an unmodified program under vos; prints its vos id.")
    static final class RunCommand implements Callable<Integer> {
        private final Ctx ctx;
        @Mixin
        JsonOption json;
        @Option(names = "--host", description = "Host to run on (default: the least loaded).")
        String host;
        @Option(names = "--name", description = "A name for the process.")
        String name;
        @Option(names = "--tty", description = "Give the program a terminal (see vos attach).")
        boolean tty;
        @Option(names = "--cwd", description = "Working directory of the program.")
        String cwd;
        @Option(names = "--env", paramLabel = "K=V", description = "Environment variable (repeatable).")
        Map<String, String> env = new LinkedHashMap<>();
        @Parameters(arity = "1..*", paramLabel = "CMD", description = "The program and its arguments (after --).")
        List<String> command = new ArrayList<>();

        RunCommand(Ctx ctx) {
            this.ctx = ctx;
        }

        @Override
        public Integer call() {
            RunRequest r = new RunRequest();
            r.command.addAll(command);
            r.host = host;
            r.name = name;
            r.tty = tty;
            r.cwd = cwd;
            r.env.putAll(env);
            ProcessInfo p = ctx.client().run(r);
            if (json.json) {
                ctx.json(p);
            } else {
                ctx.out.println(p.id);
            }
            return 0;
        }
    }

    @Command(name = "ps", description = "One row per managed process: id, name, host, pid, state, command.")
    static final class PsCommand implements Callable<Integer> {
        private final Ctx ctx;
        @Mixin
        JsonOption json;

        PsCommand(Ctx ctx) {
            this.ctx = ctx;
        }

        @Override
        public Integer call() {
            List<ProcessInfo> list = ctx.client().list();
            if (json.json) {
                ctx.json(list);
                return 0;
            }
            List<List<String>> rows = new ArrayList<>();
            for (ProcessInfo p : list) {
                rows.add(List.of(p.id, p.name == null ? "-" : p.name, String.valueOf(p.host), Long.toString(p.pid), String.valueOf(p.state),
                        String.join(" ", p.command)));
            }
            ctx.table(List.of("ID", "NAME", "HOST", "PID", "STATE", "COMMAND"), rows);
            return 0;
        }
    }

    @Command(name = "logs", description = "The program's stdout and stderr, across every host it lived on.")
    static final class LogsCommand implements Callable<Integer> {
        private final Ctx ctx;
        @Mixin
        JsonOption json;
        @Parameters(index = "0", paramLabel = "ID")
        String id;
        @Option(names = {"-f", "--follow"}, description = "Keep printing new output until the program exits.")
        boolean follow;

        LogsCommand(Ctx ctx) {
            this.ctx = ctx;
        }

        @Override
        public Integer call() {
            VosClient c = ctx.client();
            long offset = 0;
            StringBuilder all = new StringBuilder();
            while (true) {
                byte[] chunk = c.logs(id, offset);
                offset += chunk.length;
                if (json.json) {
                    all.append(new String(chunk, java.nio.charset.StandardCharsets.UTF_8));
                } else {
                    ctx.out.write(chunk, 0, chunk.length);
                    ctx.out.flush();
                }
                if (!follow || (chunk.length == 0 && "exited".equals(c.get(id).state))) {
                    break;
                }
                if (chunk.length == 0) {
                    Runtimes.pause(300);
                }
            }
            if (json.json) {
                ctx.json(Map.of("id", id, "bytes", offset, "output", all.toString()));
            }
            return 0;
        }
    }

    @Command(name = "attach", description = "Connect this terminal to a --tty program's terminal (detach: Ctrl-\\ Ctrl-\\).")
    static final class AttachCommand implements Callable<Integer> {
        private final Ctx ctx;
        @Mixin
        JsonOption json;
        @Parameters(index = "0", paramLabel = "ID")
        String id;

        AttachCommand(Ctx ctx) {
            this.ctx = ctx;
        }

        @Override
        public Integer call() {
            ProcessInfo p = ctx.client().get(id);
            if (!p.tty) {
                throw new CliException("process " + id + " has no terminal (start it with vos run --tty)");
            }
            throw new VosException(501, "not-available", "terminal attach is not available yet");
        }
    }

    @Command(name = "checkpoint", description = "Write a self-contained image of the process to DIR on its host.")
    static final class CheckpointCommand implements Callable<Integer> {
        private final Ctx ctx;
        @Mixin
        JsonOption json;
        @Parameters(index = "0", paramLabel = "ID", arity = "0..1", description = "vos id of the process (or give --pid).")
        String id;
        @Option(names = "--dir", required = true, description = "Image directory on the process's host.")
        String dir;
        @Option(names = "--leave-running", description = "Keep the process running after the image is written.")
        boolean leaveRunning;
        @Option(names = "--pid", paramLabel = "PID", description = "Adopt a process vos did not launch, by its OS pid.")
        long pid;
        @Option(names = "--host", description = "With --pid: the host whose executive writes the image (default: the least loaded).")
        String host;

        CheckpointCommand(Ctx ctx) {
            this.ctx = ctx;
        }

        @Override
        public Integer call() {
            if ((id == null) == (pid <= 0)) {
                throw new CliException("checkpoint needs either a vos ID or --pid PID");
            }
            CheckpointRequest r = new CheckpointRequest();
            r.dir = absolute(dir);
            r.leaveRunning = leaveRunning;
            r.pid = pid;
            r.host = host;
            ImageInfo image = ctx.client().checkpoint(id, r);
            if (json.json) {
                ctx.json(image);
            } else {
                ctx.out.println("checkpointed " + (id != null ? id : "pid " + pid + " as " + image.processId) + " to " + image.dir + " on " + image.host + ": " + image.bytes + " bytes, frozen " + image.freezeMs
                        + " ms" + (leaveRunning ? " (still running)" : ""));
            }
            return 0;
        }
    }

    @Command(name = "restore", description = "Bring an image back to life on host H (default: where it was written); prints the id.")
    static final class RestoreCommand implements Callable<Integer> {
        private final Ctx ctx;
        @Mixin
        JsonOption json;
        @Option(names = "--dir", required = true, description = "Image directory.")
        String dir;
        @Option(names = "--host", description = "Host to restore on.")
        String host;

        RestoreCommand(Ctx ctx) {
            this.ctx = ctx;
        }

        @Override
        public Integer call() {
            RestoreRequest r = new RestoreRequest();
            r.dir = absolute(dir);
            r.host = host;
            ProcessInfo p = ctx.client().restore(r);
            if (json.json) {
                ctx.json(p);
            } else {
                ctx.out.println(p.id);
            }
            return 0;
        }
    }

    @Command(name = "migrate", description = "Move a running process to host H; prints the phase timings.")
    static final class MigrateCommand implements Callable<Integer> {
        private final Ctx ctx;
        @Mixin
        JsonOption json;
        @Parameters(index = "0", paramLabel = "ID")
        String id;
        @Option(names = "--to", required = true, description = "Target host.")
        String to;
        @Option(names = "--strategy", description = "Strategy bundle name (default: full).")
        String strategy;

        MigrateCommand(Ctx ctx) {
            this.ctx = ctx;
        }

        @Override
        public Integer call() {
            MigrateRequest r = new MigrateRequest();
            r.to = to;
            r.strategy = strategy;
            MigrationInfo m = ctx.client().migrate(id, r);
            if (json.json) {
                ctx.json(m);
                return "failed".equals(m.state) ? 1 : 0;
            }
            if ("failed".equals(m.state)) {
                throw new CliException("migration of " + id + " to " + to + " failed in " + m.phase + ": " + m.error + " (it still runs on " + m.from + ")");
            }
            ctx.out.println("migrated " + id + " from " + m.from + " to " + m.to + " (" + m.strategy + ")");
            ctx.out.println("freezeMs    " + m.freezeMs);
            ctx.out.println("dumpMs      " + m.dumpMs);
            ctx.out.println("transferMs  " + m.transferMs);
            ctx.out.println("restoreMs   " + m.restoreMs);
            ctx.out.println("downtimeMs  " + m.downtimeMs);
            ctx.out.println("totalMs     " + m.totalMs);
            ctx.out.println("imageBytes  " + m.imageBytes);
            return 0;
        }
    }

    @Command(name = "kill", description = "End a managed process.")
    static final class KillCommand implements Callable<Integer> {
        private final Ctx ctx;
        @Mixin
        JsonOption json;
        @Parameters(index = "0", paramLabel = "ID")
        String id;

        KillCommand(Ctx ctx) {
            this.ctx = ctx;
        }

        @Override
        public Integer call() {
            ctx.client().kill(id);
            if (json.json) {
                ctx.json(Map.of("killed", id));
            } else {
                ctx.out.println("killed " + id);
            }
            return 0;
        }
    }

    /** Image paths name a directory on a host; a relative one is taken from here. */
    static String absolute(String dir) {
        return Path.of(dir).toAbsolutePath().normalize().toString();
    }
}
