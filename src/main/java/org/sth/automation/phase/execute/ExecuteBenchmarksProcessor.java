package org.sth.automation.phase.execute;

import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.sth.automation.adapter.spi.BenchmarkAdapter;
import org.sth.automation.engine.BenchmarkSteps;
import org.sth.automation.engine.Engine;
import org.sth.automation.engine.PhaseMessage;
import org.sth.automation.phase.lifecycle.Exchanges;
import org.sth.automation.run.status.Phase;

/** Execute phase: runs every benchmark under its ceiling, with heartbeats. */
public final class ExecuteBenchmarksProcessor implements Processor {

    private final Engine engine;

    public ExecuteBenchmarksProcessor(Engine engine) {
        this.engine = engine;
    }

    @Override
    public void process(Exchange exchange) {
        PhaseMessage message = Exchanges.message(exchange);
        BenchmarkSteps.run(engine, engine.context(message), Phase.EXECUTE, BenchmarkAdapter::execute);
    }
}
