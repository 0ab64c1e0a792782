package org.sth.automation.phase.intake;

import java.io.File;
import java.nio.file.Files;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.component.file.GenericFile;
import org.sth.automation.phase.WorkDirs;

/** Intake error path: moves the request to {@code inbox/.rejected/} with a {@code .error.txt} naming the problem. */
public final class RejectRequestProcessor implements Processor {

    private final WorkDirs dirs;

    public RejectRequestProcessor(WorkDirs dirs) {
        this.dirs = dirs;
    }

    @Override
    public void process(Exchange exchange) throws Exception {
        String name = exchange.getIn().getHeader(Exchange.FILE_NAME_ONLY, String.class);
        Throwable error = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        GenericFile<?> gf = exchange.getIn().getBody(GenericFile.class);
        byte[] content = Files.readAllBytes(((File) gf.getFile()).toPath());
        RequestIntake.reject(dirs, name, content, error == null ? "rejected" : error.getMessage());
    }
}
