package org.sth.automation.adapter.preflight;

import java.time.Duration;
import java.util.List;
import org.sth.automation.adapter.spi.AdapterSpec;
import org.sth.automation.adapter.spi.BenchmarkAdapter;
import org.sth.automation.adapter.spi.StepContext;
import org.sth.automation.adapter.spi.StepResult;
import org.sth.automation.io.Json;

/**
 * {@code preflight} asked for on its own ({@code --benchmarks preflight}): discover and preflight run
 * (preflight classifies the host), and the later phases have nothing to do. With any other benchmark,
 * preflight runs anyway as its own phase, so naming it is never needed.
 */
public final class PreflightOnlyAdapter implements BenchmarkAdapter {

    public static final String NAME = "preflight";

    static final AdapterSpec SPEC = new AdapterSpec(NAME, NAME, NAME, List.of(), List.of(), Duration.ofMinutes(5), List.of());

    @Override
    public AdapterSpec spec() {
        return SPEC;
    }

    @Override
    public StepResult execute(StepContext ctx) {
        return nothing();
    }

    @Override
    public StepResult collect(StepContext ctx) {
        return nothing();
    }

    private static StepResult nothing() {
        return StepResult.completed(Json.object().put("reason", "preflight-only request: nothing to stage, execute or collect"));
    }
}
