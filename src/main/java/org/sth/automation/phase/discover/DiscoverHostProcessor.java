package org.sth.automation.phase.discover;

import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.sth.automation.engine.Engine;
import org.sth.automation.engine.PhaseMessage;
import org.sth.automation.engine.RunContext;
import org.sth.automation.engine.discover.Discovery;
import org.sth.automation.phase.lifecycle.Exchanges;
import org.sth.automation.run.status.Phase;

/** Discover phase: connects through the hop chain and probes the host. */
public final class DiscoverHostProcessor implements Processor {

    private final Engine engine;

    public DiscoverHostProcessor(Engine engine) {
        this.engine = engine;
    }

    @Override
    public void process(Exchange exchange) {
        PhaseMessage message = Exchanges.message(exchange);
        RunContext ctx = engine.context(message);
        engine.runStep(ctx, "host", Phase.DISCOVER, () -> Discovery.discover(ctx));
    }
}
