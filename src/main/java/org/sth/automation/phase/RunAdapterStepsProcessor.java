package org.sth.automation.phase;

import org.sth.automation.adapter.spi.StepResult;
import org.sth.automation.engine.AdapterPhases;
import org.sth.automation.engine.Engine;
import org.sth.automation.engine.PhaseMessage;
import org.sth.automation.engine.RunContext;
import java.util.function.BiFunction;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.sth.automation.adapter.spi.BenchmarkAdapter;
import org.sth.automation.run.Phase;

/**
 * Stage, execute and collect phases: runs each planned benchmark's step of this phase, then hands the
 * run to the next phase. One class for the three because they differ only in the adapter method.
 */
public final class RunAdapterStepsProcessor implements Processor {

    private final Engine engine;
    private final Phase phase;
    private final BiFunction<BenchmarkAdapter, RunContext, StepResult> step;

    private RunAdapterStepsProcessor(Engine engine, Phase phase, BiFunction<BenchmarkAdapter, RunContext, StepResult> step) {
        this.engine = engine;
        this.phase = phase;
        this.step = step;
    }

    public static RunAdapterStepsProcessor stage(Engine engine) {
        return new RunAdapterStepsProcessor(engine, Phase.STAGE, BenchmarkAdapter::stage);
    }

    public static RunAdapterStepsProcessor execute(Engine engine) {
        return new RunAdapterStepsProcessor(engine, Phase.EXECUTE, BenchmarkAdapter::execute);
    }

    public static RunAdapterStepsProcessor collect(Engine engine) {
        return new RunAdapterStepsProcessor(engine, Phase.COLLECT, BenchmarkAdapter::collect);
    }

    @Override
    public void process(Exchange exchange) {
        PhaseMessage message = Exchanges.message(exchange);
        RunContext ctx = engine.context(message);
        AdapterPhases.run(engine, ctx, phase, step);
        Exchanges.forward(exchange, message.toPhase(phase.next()));
    }
}
