package org.sth.automation.adapter.probe;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.List;
import org.sth.automation.adapter.spi.AdapterSpec;
import org.sth.automation.adapter.spi.BenchmarkAdapter;
import org.sth.automation.adapter.spi.StepContext;
import org.sth.automation.adapter.spi.StepResult;
import org.sth.automation.io.Json;
import org.sth.automation.transport.CommandResult;
import org.sth.automation.transport.RemoteCommand;

/**
 * {@code bounds-probe}: a benchmark that deliberately never finishes (a process tree of a shell and
 * its sleeping children), so the engine's ceiling must stop it. Execute records how long the
 * termination took and whether any process of the tree is left on the host. Used by
 * {@code scripts/measure-task-bounds.sh} and the bounds tests; its ceiling comes from
 * {@code [execution.max_execution_secs_per_adapter] bounds-probe} (default 30 s).
 */
public final class BoundsProbeAdapter implements BenchmarkAdapter {

    public static final String NAME = "bounds-probe";

    static final AdapterSpec SPEC = new AdapterSpec(NAME, NAME, "bounds_probe", List.of("sleep", "pgrep"), List.of(),
            Duration.ofSeconds(30), List.of());

    @Override
    public AdapterSpec spec() {
        return SPEC;
    }

    @Override
    public StepResult execute(StepContext ctx) {
        Duration ceiling = ctx.ceiling();
        String marker = "sth-bounds-probe-" + ctx.plan().runId();
        // a parent shell with two children: the whole group must go, not just the leader
        // every process of the tree carries the marker (exec -a names the sleeps after it)
        String never = "(exec -a " + marker + "-a sleep 100000) & (exec -a " + marker + "-b sleep 100001) & "
                + "while true; do sleep 1; done # " + marker;
        long start = System.nanoTime();
        CommandResult r = ctx.session().execOnce(NAME + "/execute/never-ending", new RemoteCommand(never, null, ceiling, NAME + "/execute"));
        double elapsed = (System.nanoTime() - start) / 1_000_000 / 1000.0;
        // "[s]" keeps pgrep from matching the shell that runs this very check; a killed tree may take a
        // moment to go on a loaded host, so look up to 10 times, half a second apart
        String pattern = "'[s]" + marker.substring(1) + "'";
        CommandResult leftovers = ctx.session().exec(RemoteCommand.of(
                "n=0; for i in 1 2 3 4 5 6 7 8 9 10; do n=$(pgrep -f -- " + pattern + " | wc -l); "
                        + "[ \"$n\" -eq 0 ] && break; sleep 0.5; done; echo $n",
                Duration.ofSeconds(30), NAME + "/execute"));
        int left = Integer.parseInt(leftovers.stdoutText().strip());
        ObjectNode d = Json.object();
        d.put("ceiling_secs", ceiling.toSeconds());
        d.put("elapsed_secs", elapsed);
        d.put("command_outcome", r.outcome().id());
        d.put("remote_leftovers", left);
        if (r.terminated()) {
            d.put("reason", "ceiling of " + ceiling.toSeconds() + " s reached; process group terminated after " + elapsed + " s");
            return StepResult.terminated(ceiling, d);
        }
        return StepResult.failed("the never-ending command ended by itself (" + r.outcome() + ", exit " + r.exitCode() + ")", d);
    }

    @Override
    public StepResult collect(StepContext ctx) {
        return StepResult.failed("bounds-probe produces no results by design", null);
    }
}
