package org.sth.automation.cli;

import java.io.PrintWriter;
import picocli.CommandLine.Model.CommandSpec;

/** Access to the command's own out/err writers, so in-process callers capture them. */
final class Output {

    private Output() {
    }

    static PrintWriter out(CommandSpec spec) {
        return spec.commandLine().getOut();
    }

    static PrintWriter err(CommandSpec spec) {
        return spec.commandLine().getErr();
    }
}
