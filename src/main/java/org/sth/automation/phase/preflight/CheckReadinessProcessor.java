package org.sth.automation.phase.preflight;

import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.sth.automation.phase.Engine;
import org.sth.automation.phase.Exchanges;
import org.sth.automation.phase.PhaseMessage;
import org.sth.automation.phase.StepContext;
import org.sth.automation.run.Phase;

/** Preflight phase: classifies every planned benchmark's readiness, then hands the run to stage. */
public final class CheckReadinessProcessor implements Processor {

    private final Engine engine;
    private final Preflight preflight;

    public CheckReadinessProcessor(Engine engine) {
        this.engine = engine;
        this.preflight = new Preflight(engine.adapters());
    }

    @Override
    public void process(Exchange exchange) {
        PhaseMessage message = Exchanges.message(exchange);
        StepContext ctx = engine.context(message);
        engine.runStep(ctx, Preflight.STEP, Phase.PREFLIGHT, () -> preflight.check(ctx));
        Exchanges.forward(exchange, message.toPhase(Phase.STAGE));
    }
}
