package org.vos.cli;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

import org.vos.api.engine.ImageSummary;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code vos image inspect DIR}: an image rendered readably, checksums verified, nothing restored. */
@Command(name = "image", description = "Work with checkpoint images.", subcommands = ImageCommand.Inspect.class)
final class ImageCommand {

    @Command(name = "inspect", description = "Reads and verifies the image in DIR (on the host that holds it) and prints a summary.")
    static final class Inspect implements Callable<Integer> {
        private final Ctx ctx;
        @Mixin
        JsonOption json;
        @Parameters(index = "0", paramLabel = "DIR", description = "Image directory on its host.")
        String dir;
        @Option(names = "--host", description = "Host that holds DIR (default: where it was written).")
        String host;

        Inspect(Ctx ctx) {
            this.ctx = ctx;
        }

        @Override
        public Integer call() {
            ImageSummary s = ctx.client().image(host, ProcessCommands.absolute(dir));
            if (json.json) {
                ctx.json(s);
                return s.checksumsOk ? 0 : 1;
            }
            ctx.out.println("image      " + s.dir);
            ctx.out.println("format     " + s.formatVersion + " (written by vos " + s.vosVersion + " at " + Instant.ofEpochMilli(s.createdAt) + ")");
            ctx.out.println("size       " + s.bytes + " bytes, of which pages " + s.pageBytes);
            ctx.out.println("checksums  " + (s.checksumsOk ? "ok" : "BAD: " + s.problem));
            List<List<String>> rows = new ArrayList<>();
            for (ImageSummary.Proc p : s.processes) {
                rows.add(List.of(Long.toString(p.pid), Long.toString(p.ppid), String.valueOf(p.comm), Integer.toString(p.threads),
                        Integer.toString(p.vmas), Long.toString(p.pageBytes), String.valueOf(p.exe)));
            }
            ctx.table(List.of("PID", "PPID", "COMM", "THREADS", "VMAS", "PAGES", "EXE"), rows);
            for (ImageSummary.Proc p : s.processes) {
                for (String fd : p.fds) {
                    ctx.out.println("  pid " + p.pid + " fd " + fd);
                }
            }
            if (!s.checksumsOk) {
                throw new CliException("image " + s.dir + " is damaged: " + s.problem);
            }
            return 0;
        }
    }
}
