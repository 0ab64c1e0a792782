package org.sth.automation.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.sth.automation.run.RecoverySummary;
import org.sth.automation.run.RunStore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code recover}: writes and prints recovery_summary.md (what finished, what failed, what is left, next commands). */
@Command(name = "recover", mixinStandardHelpOptions = true, description = "Write the run's recovery_summary.md and print it.")
final class RecoverCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--run-dir", required = true, description = "The run directory.")
    Path runDir;

    @Override
    public Integer call() {
        RunStore store = RunStore.open(runDir);
        String md = RecoverySummary.write(store.layout(), store.statusSnapshot());
        Output.out(spec).print(md);
        Output.out(spec).println("Written: " + store.layout().recoverySummary());
        Output.out(spec).flush();
        return Main.OK;
    }
}
