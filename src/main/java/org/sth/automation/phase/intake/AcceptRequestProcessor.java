package org.sth.automation.phase.intake;

import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.sth.automation.engine.intake.RequestIntake;
import org.sth.automation.io.Json;
import org.sth.automation.phase.lifecycle.Exchanges;

/** Intake: turns one inbox file into run directories queued for discovery. */
public final class AcceptRequestProcessor implements Processor {

    /** Header set on the exchange: JSON array of the accepted runs. */
    public static final String ACCEPTED_RUNS = "sthAcceptedRuns";

    private final RequestIntake intake;

    public AcceptRequestProcessor(RequestIntake intake) {
        this.intake = intake;
    }

    @Override
    public void process(Exchange exchange) {
        String name = exchange.getIn().getHeader(Exchange.FILE_NAME_ONLY, String.class);
        var runs = intake.accept(name, Exchanges.fileBytes(exchange));
        var arr = Json.array();
        runs.forEach(r -> arr.addObject().put("host", r.host()).put("run_id", r.runId()).put("run_dir", r.runDir().toString()));
        exchange.getIn().setHeader(ACCEPTED_RUNS, Json.line(arr));
    }
}
