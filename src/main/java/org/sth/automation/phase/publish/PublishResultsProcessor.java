package org.sth.automation.phase.publish;

import org.sth.automation.engine.publish.PublishStep;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.sth.automation.engine.AdapterPhases;
import org.sth.automation.engine.Engine;
import org.sth.automation.phase.Exchanges;
import org.sth.automation.engine.PhaseMessage;
import org.sth.automation.engine.RunContext;
import org.sth.automation.adapter.spi.StepResult;
import org.sth.automation.io.Json;
import org.sth.automation.run.Phase;

/** Publish phase: stages each benchmark's results for its publish target, then hands the run to finalize. */
public final class PublishResultsProcessor implements Processor {

    private final Engine engine;
    private final PublishStep staging = new PublishStep();

    public PublishResultsProcessor(Engine engine) {
        this.engine = engine;
    }

    @Override
    public void process(Exchange exchange) {
        PhaseMessage message = Exchanges.message(exchange);
        RunContext ctx = engine.context(message);
        AdapterPhases.run(engine, ctx, Phase.PUBLISH, (adapter, c) -> adapter.spec().resultFiles().isEmpty()
                ? StepResult.completed(Json.object().put("reason", "no results to publish"))
                : staging.publish(c, adapter.spec()));
        Exchanges.forward(exchange, message.toPhase(Phase.FINALIZE));
    }
}
