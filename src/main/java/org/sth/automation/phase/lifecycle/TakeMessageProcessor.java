package org.sth.automation.phase.lifecycle;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.sth.automation.engine.PhaseMessage;

/**
 * Take: reads the phase message from the spool file or the broker delivery. A file another exchange consumed since the
 * poll listed it is {@link PhaseDisposition#ALREADY_CONSUMED} (the route stops); a message that cannot be parsed fails
 * here, and the route's error handling parks it in recovery with the reason.
 */
public final class TakeMessageProcessor implements Processor {

    @Override
    public void process(Exchange exchange) {
        exchange.setProperty(Exchanges.PHASE, Exchanges.phase(exchange));
        String source = exchange.getIn().getHeader(Exchange.FILE_PATH, String.class);
        String text;
        if (source != null) {
            if (!Files.exists(Path.of(source))) {
                // the routes hand their messages to a pool, so polling goes on meanwhile and may list a file whose
                // exchange completes before this one begins: the message is done, there is nothing to do
                Exchanges.dispose(exchange, PhaseDisposition.ALREADY_CONSUMED);
                return;
            }
            text = new String(Exchanges.fileBytes(exchange), StandardCharsets.UTF_8);
        } else {
            source = "broker queue of phase " + Exchanges.phase(exchange).id();
            text = exchange.getIn().getBody(String.class);
        }
        exchange.setProperty(Exchanges.MESSAGE, PhaseMessage.parse(text, source));
        Exchanges.dispose(exchange, PhaseDisposition.TAKEN);
    }
}
