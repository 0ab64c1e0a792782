package org.sth.automation.adapter.spi;

import org.sth.automation.engine.RunContext;

/** One benchmark's behaviour in the stage, execute and collect phases; its facts live in {@link #spec()}. */
public interface BenchmarkAdapter {

    AdapterSpec spec();

    /** Puts what the benchmark needs on the host (bundles, scratch dirs); idempotent. */
    StepResult stage(RunContext ctx);

    /** Runs the benchmark under its ceiling; idempotent through checkpointed commands. */
    StepResult execute(RunContext ctx);

    /** Brings results to the run directory, hashes and validates them; empty results are a failure. */
    StepResult collect(RunContext ctx);
}
