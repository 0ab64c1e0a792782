package org.sth.automation.adapter.spi;

import java.util.List;
import org.sth.automation.config.AutomationConfig;
import org.sth.automation.config.TableBinder;

/**
 * One benchmark's behaviour; its facts live in {@link #spec()}. The engine runs discover and preflight for every
 * benchmark, stages what preflight's resolver selected (bundle, source tree, source build), then calls the
 * adapter's {@link #stage} hook, {@link #execute} and {@link #collect}; publish and finalize need nothing from it.
 */
public interface BenchmarkAdapter {

    /** The adapter's facts without a config. */
    AdapterSpec spec();

    /** The adapter's facts under a config (e.g. a build command from its own table); the default ignores the config. */
    default AdapterSpec spec(AutomationConfig config) {
        return spec();
    }

    /** The top-level config tables this adapter reads (bound when the config is loaded, e.g. {@code [agentsth]}). */
    default List<TableBinder<?>> configTables() {
        return List.of();
    }

    /**
     * Anything the benchmark needs on the host beyond what the engine staged; {@code staged} is the engine's
     * staging result (its details go into the step manifest). Idempotent. The default adds nothing.
     */
    default StepResult stage(StepContext ctx, StepResult staged) {
        return staged;
    }

    /** Runs the benchmark under its ceiling; idempotent through checkpointed commands. */
    StepResult execute(StepContext ctx);

    /** Brings results to the run directory, hashes and validates them; empty results are a failure. */
    StepResult collect(StepContext ctx);
}
