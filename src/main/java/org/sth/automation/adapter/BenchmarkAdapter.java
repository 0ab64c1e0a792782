package org.sth.automation.adapter;

import org.sth.automation.phase.StepContext;
import org.sth.automation.phase.StepResult;

/** One benchmark's behaviour in the stage, execute and collect phases; its facts live in {@link #spec()}. */
public interface BenchmarkAdapter {

    AdapterSpec spec();

    /** Puts what the benchmark needs on the host (bundles, scratch dirs); idempotent. */
    StepResult stage(StepContext ctx);

    /** Runs the benchmark under its ceiling; idempotent through checkpointed commands. */
    StepResult execute(StepContext ctx);

    /** Brings results to the run directory, hashes and validates them; empty results are a failure. */
    StepResult collect(StepContext ctx);
}
