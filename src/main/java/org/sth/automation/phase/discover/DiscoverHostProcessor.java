package org.sth.automation.phase.discover;

import org.sth.automation.host.HostDiscovery;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.sth.automation.engine.Engine;
import org.sth.automation.phase.Exchanges;
import org.sth.automation.engine.PhaseMessage;
import org.sth.automation.engine.RunContext;
import org.sth.automation.run.Phase;

/** Discover phase: probes the host, then hands the run to preflight. */
public final class DiscoverHostProcessor implements Processor {

    private final Engine engine;
    private final HostDiscovery discovery = new HostDiscovery();

    public DiscoverHostProcessor(Engine engine) {
        this.engine = engine;
    }

    @Override
    public void process(Exchange exchange) {
        PhaseMessage message = Exchanges.message(exchange);
        RunContext ctx = engine.context(message);
        engine.runStep(ctx, "host", Phase.DISCOVER, () -> discovery.discover(ctx));
        Exchanges.forward(exchange, message.toPhase(Phase.PREFLIGHT));
    }
}
