package org.sth.automation.phase.preflight;

import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.sth.automation.engine.Engine;
import org.sth.automation.engine.PhaseMessage;
import org.sth.automation.engine.preflight.Preflight;
import org.sth.automation.phase.lifecycle.Exchanges;

/** Preflight phase: classifies every planned benchmark's readiness on the host. */
public final class CheckReadinessProcessor implements Processor {

    private final Engine engine;

    public CheckReadinessProcessor(Engine engine) {
        this.engine = engine;
    }

    @Override
    public void process(Exchange exchange) {
        PhaseMessage message = Exchanges.message(exchange);
        Preflight.run(engine, engine.context(message));
    }
}
