package org.sth.automation.phase.preflight;

import org.sth.automation.engine.preflight.Preflight;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.sth.automation.engine.Engine;
import org.sth.automation.phase.Exchanges;
import org.sth.automation.engine.PhaseMessage;
import org.sth.automation.engine.RunContext;
import org.sth.automation.io.AtomicFiles;
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
        RunContext ctx = engine.context(message);
        Path recheck = ctx.layout().readinessRecheck();
        if (Files.exists(recheck)) {
            // resume after blocked benchmarks: probe again under the key the planner chose (idempotent on redelivery)
            String key = readKey(recheck);
            engine.rerunStep(ctx, Preflight.STEP, Phase.PREFLIGHT, () -> preflight.check(ctx, key));
            AtomicFiles.delete(recheck);
        } else {
            engine.runStep(ctx, Preflight.STEP, Phase.PREFLIGHT, () -> preflight.check(ctx, Preflight.PROBE_KEY));
        }
        Exchanges.forward(exchange, message.toPhase(Phase.STAGE));
    }

    private static String readKey(Path recheck) {
        try {
            String key = Files.readString(recheck).strip();
            // a marker edited by hand still re-checks, under a key of its own
            return key.startsWith(Preflight.PROBE_KEY + "/recheck-") ? key : Preflight.recheckKey();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + recheck + ": " + e.getMessage(), e);
        }
    }
}
