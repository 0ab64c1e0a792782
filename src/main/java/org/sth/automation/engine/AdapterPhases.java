package org.sth.automation.engine;

import org.sth.automation.adapter.spi.StepResult;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BiFunction;
import org.sth.automation.adapter.spi.BenchmarkAdapter;
import org.sth.automation.engine.preflight.Preflight;
import org.sth.automation.io.Json;
import org.sth.automation.run.Phase;
import org.sth.automation.run.StepManifests;

/**
 * Runs one phase for every benchmark of a run, in plan order: a benchmark whose readiness or previous
 * step failed is recorded {@code blocked} (with the reason) instead of run; running steps emit
 * heartbeats at the configured interval.
 */
public final class AdapterPhases {

    private static final ScheduledExecutorService HEARTBEATS = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "sth-heartbeat");
        t.setDaemon(true);
        return t;
    });

    private AdapterPhases() {
    }

    public static void run(Engine engine, RunContext ctx, Phase phase, BiFunction<BenchmarkAdapter, RunContext, StepResult> work) {
        for (String name : ctx.plan().benchmarks()) {
            BenchmarkAdapter adapter = engine.adapters().require(name);
            String blockedBy = blockedBy(ctx, name, phase);
            if (blockedBy != null) {
                engine.runStep(ctx, name, phase, () -> new StepResult("blocked", Json.object().put("reason", blockedBy)));
                continue;
            }
            long interval = ctx.heartbeatInterval().toMillis();
            ScheduledFuture<?> beat = HEARTBEATS.scheduleAtFixedRate(
                    () -> ctx.store().heartbeat(name, phase, Json.object().put("controller", "alive")),
                    interval, interval, TimeUnit.MILLISECONDS);
            try {
                engine.runStep(ctx, name, phase, () -> work.apply(adapter, ctx));
            } finally {
                beat.cancel(false);
            }
        }
    }

    /** Why a benchmark cannot run this phase, or null when it can. */
    static String blockedBy(RunContext ctx, String adapter, Phase phase) {
        JsonNode readiness = Preflight.readiness(ctx.layout(), adapter);
        String status = readiness.path("status").asText("ready");
        if (!Preflight.runnable(status)) {
            String install = readiness.path("install_command").asText("");
            return "preflight classified " + adapter + " as " + status + ": " + readiness.path("status_basis").asText()
                    + (install.isEmpty() ? "" : "; install with: " + install);
        }
        Phase previous = switch (phase) {
            case EXECUTE -> Phase.STAGE;
            case COLLECT -> Phase.EXECUTE;
            case PUBLISH -> Phase.COLLECT;
            default -> null;
        };
        if (previous != null && !StepManifests.isCompleted(ctx.layout(), adapter, previous)) {
            String outcome = StepManifests.read(ctx.layout(), adapter, previous).map(m -> m.path("outcome").asText()).orElse("missing");
            return adapter + " " + previous.id() + " did not complete (outcome " + outcome + ")";
        }
        return null;
    }
}
