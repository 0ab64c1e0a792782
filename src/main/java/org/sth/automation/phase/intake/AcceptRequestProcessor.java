package org.sth.automation.phase.intake;

import java.io.File;
import java.nio.file.Files;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.component.file.GenericFile;
import org.sth.automation.run.Json;

/** Intake: turns one inbox file into run directories queued for discovery. */
public final class AcceptRequestProcessor implements Processor {

    /** Header set on the exchange: JSON array of the accepted runs. */
    public static final String ACCEPTED_RUNS = "sthAcceptedRuns";

    private final RequestIntake intake;

    public AcceptRequestProcessor(RequestIntake intake) {
        this.intake = intake;
    }

    @Override
    public void process(Exchange exchange) throws Exception {
        String name = exchange.getIn().getHeader(Exchange.FILE_NAME_ONLY, String.class);
        GenericFile<?> gf = exchange.getIn().getBody(GenericFile.class);
        byte[] content = Files.readAllBytes(((File) gf.getFile()).toPath());
        var runs = intake.accept(name, content);
        var arr = Json.array();
        runs.forEach(r -> arr.addObject().put("host", r.host()).put("run_id", r.runId()).put("run_dir", r.runDir().toString()));
        exchange.getIn().setHeader(ACCEPTED_RUNS, Json.line(arr));
    }
}
