package org.vos.cli;

/** A failure of the command itself (not of a REST call): its message is the one line the user sees. */
final class CliException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final int exit;

    CliException(String message) {
        this(message, 1);
    }

    CliException(String message, int exit) {
        super(message);
        this.exit = exit;
    }

    int exit() {
        return exit;
    }
}
