package org.sth.automation.phase.execute;

import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.sth.automation.engine.BenchmarkSteps;
import org.sth.automation.engine.Engine;
import org.sth.automation.engine.PhaseMessage;
import org.sth.automation.engine.RunContext;
import org.sth.automation.engine.integrity.MeasuredStep;
import org.sth.automation.phase.lifecycle.Exchanges;
import org.sth.automation.run.status.Phase;

/** Execute phase: runs every benchmark under its ceiling, with heartbeats, quiet-host samples and its repetitions. */
public final class ExecuteBenchmarksProcessor implements Processor {

    private final Engine engine;

    public ExecuteBenchmarksProcessor(Engine engine) {
        this.engine = engine;
    }

    @Override
    public void process(Exchange exchange) {
        PhaseMessage message = Exchanges.message(exchange);
        RunContext ctx = engine.context(message);
        BenchmarkSteps.run(engine, ctx, Phase.EXECUTE, (adapter, step) -> MeasuredStep.execute(ctx, adapter, step));
    }
}
