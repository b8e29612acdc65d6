package org.vos.cli;

import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;

import org.vos.api.domain.VosException;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code vos} command: drives a domain through the manager's REST API (see CLI.md). */
@Command(name = "vos", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = "Checkpoints, restores and migrates running, unmodified Linux programs between hosts.",
        subcommands = {DomainCommands.UpCommand.class, DomainCommands.DownCommand.class, DomainCommands.StatusCommand.class,
                DomainCommands.HostsCommand.class, ProcessCommands.RunCommand.class, ProcessCommands.PsCommand.class,
                ProcessCommands.LogsCommand.class, ProcessCommands.AttachCommand.class, ProcessCommands.CheckpointCommand.class,
                ProcessCommands.RestoreCommand.class, ProcessCommands.MigrateCommand.class, ProcessCommands.KillCommand.class,
                TraceCommand.class, CheckCommand.class, ImageCommand.class,
                BundlesCommand.class, TestCommand.class, CommandLine.HelpCommand.class})
public final class Vos implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "a command is missing (see vos --help)");
    }

    public static void main(String[] args) {
        System.exit(execute(Ctx.fromSystem(), args));
    }

    static int execute(Ctx ctx, String... args) {
        CommandLine cl = new CommandLine(new Vos(), new Factory(ctx));
        cl.setOut(new PrintWriter(ctx.out, true, StandardCharsets.UTF_8));
        cl.setParameterExceptionHandler((ex, a) -> {
            System.err.println("vos: " + oneLine(ex.getMessage()));
            return 2;
        });
        cl.setExecutionExceptionHandler((ex, cmd, parsed) -> {
            System.err.println("vos: " + message(ex));
            return ex instanceof CliException c ? c.exit() : 1;
        });
        return cl.execute(args);
    }

    /** One line for the user: the server's message, its detail when it adds something. */
    static String message(Throwable e) {
        if (e instanceof VosException v) {
            String m = v.getMessage();
            String d = v.detail() == null ? "" : oneLine(v.detail());
            if (!d.isEmpty() && !m.contains(d) && d.length() <= 400) {
                m = m + ": " + d;
            }
            if ("unreachable".equals(v.code())) {
                m = m + " (is vos up? try ./vos up, or set VOS_URL)";
            }
            return oneLine(m);
        }
        if (e instanceof CliException) {
            return oneLine(e.getMessage());
        }
        return oneLine(e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage()));
    }

    static String oneLine(String s) {
        return s == null ? "" : s.strip().replaceAll("\\s*\\R\\s*", "; ");
    }

    /** Gives every command the same context. */
    private record Factory(Ctx ctx) implements CommandLine.IFactory {
        @Override
        public <K> K create(Class<K> cls) throws Exception {
            try {
                return cls.getDeclaredConstructor(Ctx.class).newInstance(ctx);
            } catch (NoSuchMethodException e) {
                return CommandLine.defaultFactory().create(cls);
            }
        }
    }
}
