package org.sth.automation.phase.publish;

import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.sth.automation.engine.BenchmarkSteps;
import org.sth.automation.engine.Engine;
import org.sth.automation.engine.PhaseMessage;
import org.sth.automation.engine.RunContext;
import org.sth.automation.engine.publish.PublishStep;
import org.sth.automation.phase.lifecycle.Exchanges;
import org.sth.automation.run.status.Phase;

/** Publish phase: stages, commits and pushes each benchmark's results for its publish target. */
public final class PublishResultsProcessor implements Processor {

    private final Engine engine;
    private final PublishStep publish = new PublishStep();

    public PublishResultsProcessor(Engine engine) {
        this.engine = engine;
    }

    @Override
    public void process(Exchange exchange) {
        PhaseMessage message = Exchanges.message(exchange);
        RunContext ctx = engine.context(message);
        BenchmarkSteps.run(engine, ctx, Phase.PUBLISH, (adapter, step) -> publish.publish(ctx, ctx.adapters().spec(step.benchmark(), ctx.config())));
    }
}
