package org.xiezuo.cli;

import java.io.PrintStream;

/** {@code import FILE [--update]}: imports a task book into the configured database. */
final class ImportCommand {

    private final CliArguments arguments;

    ImportCommand(CliArguments arguments) {
        this.arguments = arguments;
    }

    int run(PrintStream out) {
        throw new CliException(Cli.INTERNAL_ERROR, "尚未实现");
    }
}
