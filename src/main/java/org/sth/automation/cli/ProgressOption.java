package org.sth.automation.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;

/** The options one-shot commands share for how they report: {@code --json}, {@code --progress}, {@code --properties}. */
final class ProgressOption {

    @Option(names = "--json", description = "Print one JSON result document (schema sth-bench-automation/result/v2, see "
            + "docs/operations.md) on standard output; progress lines go to standard error.")
    boolean json;

    @Option(names = "--progress", defaultValue = "auto", description = "auto | plain | tty: a live status line on a terminal, "
            + "plain lines otherwise (default ${DEFAULT-VALUE}).")
    String progress;

    @Option(names = "--properties", description = "A properties file over the packaged application.properties (camel.main.*, sth.*).")
    Path properties;

    OneShot.Reporting reporting(CommandSpec spec) {
        if (properties != null && !java.nio.file.Files.isReadable(properties)) {
            throw new org.sth.automation.UsageException("--properties " + properties + ": no such readable file");
        }
        PrintWriter to = json ? Output.err(spec) : Output.out(spec);
        boolean terminal = switch (progress) {
            case "tty" -> true;
            case "plain" -> false;
            case "auto" -> !json && RunWatcher.stdoutIsTerminal();
            default -> throw new org.sth.automation.UsageException("--progress must be auto, plain or tty (got '" + progress + "')");
        };
        return new OneShot.Reporting(to, terminal, properties);
    }
}
