package org.sth.automation.phase.intake;

import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.sth.automation.engine.WorkDirs;
import org.sth.automation.engine.intake.RequestIntake;
import org.sth.automation.phase.lifecycle.Exchanges;

/** Intake error path: moves the request to {@code inbox/.rejected/} with a {@code .error.txt} naming the problem. */
public final class RejectRequestProcessor implements Processor {

    private final WorkDirs dirs;

    public RejectRequestProcessor(WorkDirs dirs) {
        this.dirs = dirs;
    }

    @Override
    public void process(Exchange exchange) {
        String name = exchange.getIn().getHeader(Exchange.FILE_NAME_ONLY, String.class);
        Throwable error = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        RequestIntake.reject(dirs, name, Exchanges.fileBytes(exchange), error == null ? "rejected" : error.getMessage());
    }
}
