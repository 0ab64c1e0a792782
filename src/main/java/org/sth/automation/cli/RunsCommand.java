package org.sth.automation.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.sth.automation.UsageException;
import org.sth.automation.adapter.Adapters;
import org.sth.automation.engine.WorkDirs;
import org.sth.automation.io.Json;
import org.sth.automation.observe.AgentResult;
import org.sth.automation.observe.RunsIndex;
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

    @Option(names = "--json", description = "Print one JSON result document (schema sth-bench-automation/result/v1) with the runs under \"runs\".")
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
        WorkDirs dirs = new WorkDirs(work != null ? work.toAbsolutePath().normalize() : Adapters.loadConfig(config).paths().workRoot().toAbsolutePath());
        List<ObjectNode> statuses = new RunsIndex(dirs.requests()).statuses(new RunsIndex.Filter(host, state, requestId, runId), limit);
        int rc = runId != null && statuses.isEmpty() ? Main.FAILED : Main.OK;
        if (json) {
            ObjectNode r = AgentResult.of("runs", rc);
            var runs = r.putArray("runs");
            statuses.forEach(s -> runs.add(AgentResult.run(s)));
            if (rc != Main.OK) {
                r.putObject("error").put("kind", "failed").put("message", "no run " + runId + " under " + dirs.root());
            }
            Output.out(spec).print(new String(Json.pretty(r), StandardCharsets.UTF_8));
        } else {
            for (ObjectNode s : statuses) {
                Output.out(spec).println(String.format("%-40s %-22s %-12s %-10s %-24s %s", s.path("run_id").asText(), s.path("state").asText(),
                        s.path("host").asText(), s.path("phase").asText("-"), s.path("request_id").asText("-"), s.path("run_dir").asText()));
            }
            if (statuses.isEmpty()) {
                Output.out(spec).println("No run" + (runId != null ? " " + runId : "") + " under " + dirs.root());
            }
        }
        Output.out(spec).flush();
        return rc;
    }
}
