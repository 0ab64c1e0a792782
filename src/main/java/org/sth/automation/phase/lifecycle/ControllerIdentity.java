package org.sth.automation.phase.lifecycle;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Instant;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.sth.automation.AutomationException;
import org.sth.automation.engine.PhaseMessage;
import org.sth.automation.io.Json;
import org.sth.automation.run.status.Phase;

/**
 * This controller as the run events name it ({@code pid@host}), and where its phase messages come from: the file
 * spools, or a broker (then a message whose host is held is queued again after {@code deferMillis}).
 */
public final class ControllerIdentity {

    /** Header (Artemis): when a scheduled message becomes deliverable, in epoch milliseconds. */
    static final String SCHEDULED_DELIVERY = "_AMQ_SCHED_DELIVERY";

    private final String id;
    private final boolean broker;
    private volatile long deferMillis = 1000;
    private volatile ProducerTemplate producer;

    public ControllerIdentity(boolean broker) {
        this.id = ProcessHandle.current().pid() + "@" + hostName();
        this.broker = broker;
    }

    /** Sets {@code sth.broker.deferDelay} once the context's properties are known (before its routes start). */
    public void deferDelay(long millis) {
        if (millis < 10 || millis > 600_000) {
            throw new AutomationException("sth.broker.deferDelay must be between 10 and 600000 ms (it is " + millis + "; fix: e.g. 1000)");
        }
        this.deferMillis = millis;
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "localhost";
        }
    }

    public String id() {
        return id;
    }

    /** Whether phase messages come from a broker. */
    public boolean broker() {
        return broker;
    }

    /** The fields a {@code phase_entered} event carries about the controller. */
    public ObjectNode fields() {
        return Json.object().put("controller", id).put("spool", broker ? "broker" : "file");
    }

    /** Queues the message again on its phase's broker queue, deliverable after the delay, in the delivery's transaction. */
    void defer(Exchange exchange, PhaseMessage m, Phase phase) {
        ProducerTemplate p = producer;
        if (p == null) {
            synchronized (this) {
                if (producer == null) {
                    producer = exchange.getContext().createProducerTemplate();
                }
                p = producer;
            }
        }
        String endpoint = exchange.getContext().resolvePropertyPlaceholders("{{" + Exchanges.SPOOL_PROPERTY + phase.id() + "}}");
        Exchange sent = p.send(endpoint, copy -> {
            copy.getIn().setBody(m.toJsonText());
            copy.getIn().setHeader(Exchanges.FILE_NAME, m.fileName());
            Exchanges.group(copy, m);
            copy.getIn().setHeader(SCHEDULED_DELIVERY, Instant.now().toEpochMilli() + deferMillis);
        });
        if (sent.getException() != null) {
            throw new AutomationException("Cannot queue run " + m.runId() + " again on " + endpoint + " while host " + m.host()
                    + " is held: " + sent.getException().getMessage(), sent.getException());
        }
    }
}
