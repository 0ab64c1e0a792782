package org.sth.automation.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.sth.automation.NotFoundException;
import org.sth.automation.UsageException;
import org.sth.automation.adapter.Adapters;
import org.sth.automation.engine.WorkDirs;
import org.sth.automation.io.Shell;
import org.sth.automation.observe.AgentResult;
import org.sth.automation.observe.RunsIndex;
import org.sth.automation.run.StatusDerivation;
import org.sth.automation.run.doc.RunStatus;
import org.sth.automation.run.status.RunState;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code runs}: the runs a work root knows, newest request first, by run id, request id, host or state; never starts Camel. */
@Command(name = "runs", mixinStandardHelpOptions = true, description = "List the runs of a work root (by run id, request id, host, state).")
final class RunsCommand implements Callable<Integer>, JsonOutput {

    @Spec
    CommandSpec spec;

    @Option(names = "--config", description = "The config whose work_root to list.")
    Path config;

    @Option(names = "--work", description = "The work root itself (instead of --config).")
    Path work;

    @Option(names = "--run-id", description = "Only this run.")
    String runId;

    @Option(names = "--request-id", description = "Only the runs of this request.")
    String requestId;

    @Option(names = "--host", description = "Only runs on this host.")
    String host;

    @Option(names = "--state", description = "Only runs in this state (queued, running, completed, completed_with_failures, failed, recovery, interrupted).")
    String state;

    @Option(names = "--limit", defaultValue = "200", description = "At most this many runs (default ${DEFAULT-VALUE}).")
    int limit;

    @Option(names = "--json", description = "Print one JSON result document (schema sth-bench-automation/result/v2) with the runs under \"runs\".")
    boolean json;

    @Override
    public boolean json() {
        return json;
    }

    @Override
    public String verb() {
        return "runs";
    }

    @Override
    public Integer call() {
        if ((config == null) == (work == null)) {
            throw new UsageException("say which work root: --config <file> (its work_root) or --work <dir>");
        }
        if (limit < 1) {
            throw new UsageException("--limit must be at least 1 (got " + limit + ")");
        }
        if (state != null && java.util.Arrays.stream(RunState.values()).noneMatch(s -> s.id().equals(state))) {
            throw new UsageException("--state must be one of " + java.util.Arrays.stream(RunState.values()).map(RunState::id).toList()
                    + " (got '" + state + "')");
        }
        WorkDirs dirs = new WorkDirs(work != null ? work.toAbsolutePath().normalize() : Adapters.loadConfig(config).paths().workRoot().toAbsolutePath());
        List<ObjectNode> statuses = new RunsIndex(dirs.requests()).statuses(new RunsIndex.Filter(host, state, requestId, runId), limit);
        if (runId != null && statuses.isEmpty()) {
            throw new NotFoundException("no run " + runId + " under " + dirs.root() + " (fix: list them all with: "
                    + Shell.command(StatusDerivation.LAUNCHER, "runs", "--work", dirs.root().toString()) + ")");
        }
        List<String> lines = new java.util.ArrayList<>();
        for (RunStatus s : statuses.stream().map(RunStatus::of).toList()) {
            lines.add(String.format("%-40s %-22s %-12s %-10s %-24s %s", s.runId(), s.state().id(), s.host(), s.phase() == null ? "-" : s.phase(),
                    s.requestId() == null ? "-" : s.requestId(), s.runDir()));
        }
        if (statuses.isEmpty()) {
            lines.add("No run under " + dirs.root() + (state != null || host != null || requestId != null ? " matches the filter" : ""));
        }
        if (json) {
            ObjectNode r = AgentResult.of("runs", Main.OK);
            var runs = r.putArray("runs");
            statuses.forEach(s -> runs.add(AgentResult.run(s)));
            lines.forEach(l -> AgentResult.message(r, l));
            JsonOutput.print(Output.out(spec), r);
        } else {
            lines.forEach(Output.out(spec)::println);
        }
        Output.out(spec).flush();
        return Main.OK;
    }
}
