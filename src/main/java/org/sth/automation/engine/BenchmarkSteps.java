package org.sth.automation.engine;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
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
 * heartbeats at the configured interval.
 */
public final class BenchmarkSteps {

    private static final ScheduledExecutorService HEARTBEATS = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "sth-heartbeat");
        t.setDaemon(true);
        return t;
    });

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
            long interval = ctx.adapters().spec(name, ctx.config()).heartbeat(ctx.config().execution()).toMillis();
            ScheduledFuture<?> beat = HEARTBEATS.scheduleAtFixedRate(
                    () -> ctx.store().heartbeat(name, phase, Json.object().put("controller", "alive")),
                    interval, interval, TimeUnit.MILLISECONDS);
            try {
                engine.runStep(ctx, name, phase, () -> work.apply(adapter, step));
            } finally {
                beat.cancel(false);
            }
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
