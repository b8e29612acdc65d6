package org.vos.cli;

import picocli.CommandLine.Option;

/** {@code --json}, on every command. */
final class JsonOption {
    @Option(names = "--json", description = "Print one JSON document instead of text.")
    boolean json;
}
