package org.sth.automation.phase.finalize;

import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.sth.automation.engine.Engine;
import org.sth.automation.engine.PhaseMessage;
import org.sth.automation.engine.RunContext;
import org.sth.automation.engine.finalize.Finalizer;
import org.sth.automation.phase.lifecycle.Exchanges;
import org.sth.automation.run.status.Phase;

/** Finalize phase: cleans the host, seals manifests; the route policy then records the final state. */
public final class FinalizeRunProcessor implements Processor {

    private final Engine engine;
    private final Finalizer finalizer = new Finalizer();

    public FinalizeRunProcessor(Engine engine) {
        this.engine = engine;
    }

    @Override
    public void process(Exchange exchange) {
        PhaseMessage message = Exchanges.message(exchange);
        RunContext ctx = engine.context(message);
        engine.runStep(ctx, "host", Phase.FINALIZE, () -> finalizer.finalizeRun(ctx));
    }
}
