package org.sth.automation.phase.broker;

import jakarta.jms.Connection;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.JMSException;
import jakarta.jms.QueueBrowser;
import jakarta.jms.Session;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.sth.automation.engine.PhaseMessage;
import org.sth.automation.engine.StuckRuns;
import org.sth.automation.phase.lifecycle.Exchanges;

/**
 * Broker mode's watchdog (route {@code broker-watchdog}, leader only): queues again a run waiting behind its host's
 * holder whose message stopped coming back and that its phase queue does not hold either ({@link StuckRuns}); the queue is
 * browsed for the run's messages ({@link Exchanges#RUN}).
 */
public final class RequeueStuckRunsProcessor implements Processor {

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger("broker-watchdog");

    private final StuckRuns stuck;
    private final ConnectionFactory broker;

    public RequeueStuckRunsProcessor(StuckRuns stuck, ConnectionFactory broker) {
        this.stuck = stuck;
        this.broker = broker;
    }

    @Override
    public void process(Exchange exchange) {
        for (String run : stuck.requeue(this::inQueue)) {
            LOG.warn("Requeued run {}: it waited behind its host's holder and its message stopped coming back", run);
        }
    }

    /** Whether the run's phase queue holds a message of the run now; when the broker cannot be asked, it counts as held. */
    private boolean inQueue(PhaseMessage m) {
        try (Connection c = broker.createConnection(); Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
                QueueBrowser browser = s.createBrowser(s.createQueue(Broker.queue(m.phase())),
                        Exchanges.RUN + " = '" + m.runId().replace("'", "''") + "'")) {
            c.start();
            return browser.getEnumeration().hasMoreElements();
        } catch (JMSException | RuntimeException unreachable) {
            return true;
        }
    }
}
