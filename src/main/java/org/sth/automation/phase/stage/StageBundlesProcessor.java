package org.sth.automation.phase.stage;

import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.sth.automation.engine.BenchmarkSteps;
import org.sth.automation.engine.Engine;
import org.sth.automation.engine.PhaseMessage;
import org.sth.automation.engine.RunContext;
import org.sth.automation.engine.stage.Staging;
import org.sth.automation.phase.lifecycle.Exchanges;
import org.sth.automation.run.status.Phase;

/** Stage phase: stages what preflight selected for every benchmark, then lets each adapter add its own part. */
public final class StageBundlesProcessor implements Processor {

    private final Engine engine;

    public StageBundlesProcessor(Engine engine) {
        this.engine = engine;
    }

    @Override
    public void process(Exchange exchange) {
        PhaseMessage message = Exchanges.message(exchange);
        RunContext ctx = engine.context(message);
        BenchmarkSteps.run(engine, ctx, Phase.STAGE, (adapter, step) -> {
            var staged = Staging.stage(step, ctx.adapters().spec(step.benchmark(), ctx.config()));
            return staged.isCompleted() ? adapter.stage(step, staged) : staged;
        });
    }
}
