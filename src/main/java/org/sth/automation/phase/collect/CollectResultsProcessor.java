package org.sth.automation.phase.collect;

import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.sth.automation.adapter.spi.BenchmarkAdapter;
import org.sth.automation.engine.BenchmarkSteps;
import org.sth.automation.engine.Engine;
import org.sth.automation.engine.PhaseMessage;
import org.sth.automation.phase.lifecycle.Exchanges;
import org.sth.automation.run.status.Phase;

/** Collect phase: brings every benchmark's results to the run directory, hashed and validated. */
public final class CollectResultsProcessor implements Processor {

    private final Engine engine;

    public CollectResultsProcessor(Engine engine) {
        this.engine = engine;
    }

    @Override
    public void process(Exchange exchange) {
        PhaseMessage message = Exchanges.message(exchange);
        BenchmarkSteps.run(engine, engine.context(message), Phase.COLLECT, BenchmarkAdapter::collect);
    }
}
