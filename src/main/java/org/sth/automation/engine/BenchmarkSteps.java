package org.sth.automation.engine;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.function.BiFunction;
import org.sth.automation.adapter.spi.BenchmarkAdapter;
import org.sth.automation.adapter.spi.StepContext;
import org.sth.automation.adapter.spi.StepResult;
import org.sth.automation.io.Json;
import org.sth.automation.run.StepManifests;
import org.sth.automation.run.status.Phase;

/**
 * Runs one per-benchmark phase for every benchmark of a run, in plan order: a benchmark whose readiness or
 * previous step failed is recorded {@code blocked} (with the reason) instead of run; running steps emit
 * heartbeats at the configured interval (see {@link Heartbeats}).
 */
public final class BenchmarkSteps {

    private BenchmarkSteps() {
    }

    /** Runs {@code work} for each benchmark of the run (the adapter and its context given), as phase {@code phase}'s step. */
    public static void run(Engine engine, RunContext ctx, Phase phase, BiFunction<BenchmarkAdapter, StepContext, StepResult> work) {
        for (String name : ctx.plan().benchmarks()) {
            BenchmarkAdapter adapter = ctx.adapters().require(name);
            String blockedBy = blockedBy(ctx, name, phase);
            if (blockedBy != null) {
                engine.runStep(ctx, name, phase, () -> StepResult.blocked(blockedBy, Json.object()));
                continue;
            }
            StepContext step = ctx.forBenchmark(name);
            engine.runStep(ctx, name, phase, phase == Phase.EXECUTE ? step.ceiling() : null, () -> work.apply(adapter, step));
        }
    }

    /** Why a benchmark cannot run this phase, or null when it can. */
    static String blockedBy(RunContext ctx, String adapter, Phase phase) {
        JsonNode readiness = PreflightRecord.readiness(ctx.layout(), adapter);
        String status = readiness.path("status").asText("ready");
        if (!PreflightRecord.runnable(status)) {
            String install = readiness.path("install_command").asText("");
            return "preflight classified " + adapter + " as " + status + ": " + readiness.path("status_basis").asText()
                    + (install.isEmpty() ? "" : "; install with: " + install);
        }
        Phase previous = phase.previous();
        if (previous != null && previous.perBenchmark() && !StepManifests.isCompleted(ctx.layout(), adapter, previous)) {
            String outcome = StepManifests.read(ctx.layout(), adapter, previous).map(m -> m.path("outcome").asText()).orElse("missing");
            return adapter + " " + previous.id() + " did not complete (outcome " + outcome + ")";
        }
        return null;
    }
}
