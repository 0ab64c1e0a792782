package org.sth.automation.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.time.Instant;
import java.util.concurrent.Callable;
import org.sth.automation.observe.AgentResult;
import org.sth.automation.run.RecoverySummary;
import org.sth.automation.run.RunStore;
import org.sth.automation.run.StatusDerivation;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code recover}: writes and prints recovery_summary.md (what finished, what failed, what is left, next commands). */
@Command(name = "recover", mixinStandardHelpOptions = true, description = "Write the run's recovery_summary.md and print it.")
final class RecoverCommand implements Callable<Integer>, JsonOutput {

    @Spec
    CommandSpec spec;

    @Option(names = "--run-dir", required = true, description = "The run directory.")
    Path runDir;

    @Option(names = "--json", description = "Print one result document (docs/schema/result.schema.json): the run under \"runs\", "
            + "the summary's path and text under \"recovery_summary\".")
    boolean json;

    @Override
    public boolean json() {
        return json;
    }

    @Override
    public String verb() {
        return "recover";
    }

    @Override
    public Integer call() {
        RunStore store = RunDirArgument.open(runDir);
        String md = RecoverySummary.write(store.layout(), store.statusSnapshot());
        String written = "Written: " + store.layout().recoverySummary();
        if (json) {
            ObjectNode r = AgentResult.of("recover", Main.OK);
            AgentResult.message(r, written);
            ObjectNode status = store.statusSnapshot();
            StatusDerivation.apply(status, store.layout(), Instant.now());
            r.withArray("runs").add(AgentResult.run(status));
            r.putObject("recovery_summary").put("path", store.layout().recoverySummary().toString()).put("markdown", md);
            JsonOutput.print(Output.out(spec), r);
            return Main.OK;
        }
        Output.out(spec).print(md);
        Output.out(spec).println(written);
        Output.out(spec).flush();
        return Main.OK;
    }
}
