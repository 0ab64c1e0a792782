package org.sth.automation.phase.broker;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.sth.automation.engine.PhaseMessage;
import org.sth.automation.engine.WorkDirs;
import org.sth.automation.engine.recovery.RecoveryQueue;
import org.sth.automation.io.Sha256;
import org.sth.automation.phase.lifecycle.Exchanges;
import org.sth.automation.run.status.Phase;

/**
 * Broker mode's bridge (route {@code broker-bridge}, leader only): a message a verb wrote into a spool folder (intake,
 * {@code resume}, {@code replay}, {@code recover}) goes on to its phase's broker queue, grouped by host. The send
 * carries Artemis's duplicate id (the file's name and content), so a leader that dies between the send and the file's
 * removal does not queue the message twice when the next leader sends it again.
 */
public final class SpoolToBrokerProcessor implements Processor {

    private final WorkDirs dirs;

    public SpoolToBrokerProcessor(WorkDirs dirs) {
        this.dirs = dirs;
    }

    @Override
    public void process(Exchange exchange) {
        byte[] bytes = Exchanges.fileBytes(exchange);
        String path = exchange.getIn().getHeader(Exchange.FILE_PATH, String.class);
        String name = exchange.getIn().getHeader(Exchange.FILE_NAME_ONLY, String.class);
        Phase folder = Phase.of(Path.of(path).getParent().getFileName().toString());
        PhaseMessage m;
        try {
            m = PhaseMessage.parse(new String(bytes, StandardCharsets.UTF_8), path);
        } catch (RuntimeException torn) {
            // a message that cannot be read is parked with its reason, as a phase route would park it
            new RecoveryQueue(dirs).store(folder, name, bytes, torn,
                    new RecoveryQueue.Failure(null, null, null, null, 0, 0, 0));
            exchange.setRouteStop(true);
            return;
        }
        exchange.getIn().removeHeaders("Camel*");
        exchange.getIn().setHeader(Exchanges.FILE_NAME, m.fileName());
        java.security.MessageDigest id = Sha256.digest();
        id.update(("spool/" + folder.id() + "/" + name + "\n").getBytes(StandardCharsets.UTF_8));
        id.update(bytes);
        Exchanges.group(exchange, m);
        exchange.getIn().setHeader(Exchanges.DUPLICATE_ID, java.util.HexFormat.of().formatHex(id.digest()));
        exchange.getIn().setBody(new String(bytes, StandardCharsets.UTF_8));
        exchange.setProperty(Exchanges.NEXT_ENDPOINT, exchange.getContext().resolvePropertyPlaceholders("{{" + Exchanges.SPOOL_PROPERTY + m.phase().id() + "}}"));
    }
}
