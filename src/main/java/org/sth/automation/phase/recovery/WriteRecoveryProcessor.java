package org.sth.automation.phase.recovery;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.sth.automation.engine.PhaseMessage;
import org.sth.automation.engine.WorkDirs;
import org.sth.automation.engine.recovery.RecoveryQueue;
import org.sth.automation.io.Json;
import org.sth.automation.io.StorageException;
import org.sth.automation.phase.lifecycle.Exchanges;
import org.sth.automation.phase.lifecycle.PhaseDisposition;
import org.sth.automation.run.FencedException;
import org.sth.automation.run.RunFence;
import org.sth.automation.run.RunStore;
import org.sth.automation.run.status.Phase;
import org.sth.automation.transport.TransportException;

/**
 * Dead-letter target of every phase route: stores the original message and its error sidecar in recovery. When the
 * failure is the storage itself (disk full, read-only, run directory gone), or recovery cannot be written for that
 * reason, the message is held in its spool instead ({@link RecoveryQueue#hold}) and the run stops as interrupted with
 * that reason: a message is never deleted before it is parked somewhere.
 */
public final class WriteRecoveryProcessor implements Processor {

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger("recovery-writer");

    private final WorkDirs dirs;
    private final boolean broker;

    public WriteRecoveryProcessor(WorkDirs dirs) {
        this(dirs, false);
    }

    /**
     * @param broker whether the messages come from a broker: a failure while this controller stops, or one of the
     *               storage, hands the message back to the broker (rollback) for another controller instead of parking
     *               or holding it here
     */
    public WriteRecoveryProcessor(WorkDirs dirs, boolean broker) {
        this.dirs = dirs;
        this.broker = broker;
    }

    @Override
    public void process(Exchange exchange) {
        Phase phase = Exchanges.phase(exchange);
        Throwable error = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        String fileName = exchange.getIn().getHeader(Exchange.FILE_NAME_ONLY, String.class);
        byte[] original = Exchanges.fileBytes(exchange);
        PhaseMessage m = exchange.getProperty(Exchanges.MESSAGE, PhaseMessage.class);
        if (fileName == null) {
            // a broker message has no file: it is parked under its run's message name
            fileName = m != null ? m.fileName() : exchange.getIn().getHeader(Exchange.FILE_NAME, "broker-" + exchange.getExchangeId() + ".json", String.class);
        }
        Long epoch = exchange.getProperty(Exchanges.HOLDER_EPOCH, Long.class);
        if (m != null && epoch != null && (fenced(error) || !RunFence.isCurrent(m.runDir(), epoch))) {
            // another controller took the run over (or a later delivery of the message to this one, after a failover): the
            // message is its, nothing is parked or written here
            settle(exchange, PhaseDisposition.FENCED);
            if (broker) {
                exchange.setRollbackOnly(true);
            }
            LOG.warn("Failed {} in {}: another controller took run {} over while this one ran it; nothing more is written here: {}",
                    fileName, phase.id(), m.runId(), messageOf(error));
            return;
        }
        StorageException storage = storageCause(error);
        boolean brokerTrouble = brokerCause(error);
        if (broker && (exchange.getContext().isStopping() || storage != null || brokerTrouble)) {
            handBack(exchange, m, phase, error, storage, brokerTrouble ? "the broker could not be reached to hand the message on (a broker"
                    + " failover, a cut link); its delivery is rolled back and the broker delivers it again"
                    : "this controller is stopping; the broker delivers the message to another controller");
            LOG.warn("Failed {} in {}: handed back to the broker for another delivery: {}", fileName, phase.id(), messageOf(error));
            return;
        }
        String adapter = null;
        String step = null;
        RunStore store = null;
        if (m != null) {
            try {
                store = RunStore.open(m.runDir());
                ObjectNode status = store.statusSnapshot();
                adapter = status.path("adapter").asText(null);
                step = status.path("step").asText(null);
            } catch (RuntimeException runDirBroken) {
                store = null;
            }
        }
        if (storage == null && store != null) {
            // the run directory was removed while the step ran: the step failed on whichever of its files it touched
            // first (a manifest's folder, the plan), and that is the storage's failure, not the step's
            storage = store.vanished().orElse(null);
        }
        // useOriginalMessage drops Camel's counter header: the error handler's onRedelivery kept it (CountRedeliveryProcessor)
        int redeliveries = exchange.getProperty(Exchanges.REDELIVERIES, 0, Integer.class);
        RecoveryQueue.Failure failure = new RecoveryQueue.Failure(m == null ? null : m.runId(), m == null ? null : m.host(),
                adapter, step, m == null ? 0 : m.attempt(), redeliveries, connectionAttempts(error));
        java.nio.file.Path stored;
        try {
            stored = storage != null ? null : new RecoveryQueue(dirs).store(phase, fileName, original, error, failure);
        } catch (StorageException cannotPark) {
            storage = cannotPark;
            stored = null;
        }
        if (storage != null) {
            // the consumer deletes the spool file once this returns: it is renamed out of its way first
            java.nio.file.Path held = RecoveryQueue.hold(java.nio.file.Path.of(exchange.getIn().getHeader(Exchange.FILE_PATH, String.class)));
            settle(exchange, PhaseDisposition.HELD);
            if (store != null) {
                store.interrupted(storage);
            }
            LOG.warn("Failed {} in {}: storage failure, message held in its spool ({}); the run is interrupted: {}", fileName, phase.id(),
                    held == null ? "not in its spool any more" : held, storage == storageCause(error) ? messageOf(error)
                            : storage.getMessage() + " (the step failed with: " + messageOf(error) + ")");
            return;
        }
        settle(exchange, PhaseDisposition.PARKED);
        LOG.warn("Failed {} in {}: moved to recovery ({}): {}", fileName, phase.id(), stored, messageOf(error));
        if (store != null) {
            String message = String.valueOf(error == null ? null : error.getMessage());
            if (store.isInterrupted()) {
                // the operator stopped the controller and the step failed because of it: the run stays interrupted
                // (resume takes the message back from recovery), it is not a failure that needs a fix
                store.appendEvent("parked_while_interrupted", Json.object().put("phase", phase.id()).put("error", message)
                        .put("recovery_message", stored.toString()));
            } else {
                store.movedToRecovery(phase, message, stored.toString(), RecoveryQueue.replayCommand(stored));
            }
        }
    }

    /**
     * Rolls the delivery back: the broker gives the message to a controller again (this one, once its storage works, or
     * another); after {@code max-delivery-attempts} it goes to the dead-letter address and from there to recovery.
     */
    private static void handBack(Exchange exchange, PhaseMessage m, Phase phase, Throwable error, StorageException storage, String reason) {
        settle(exchange, PhaseDisposition.HANDED_BACK);
        exchange.setRollbackOnly(true);
        if (m == null) {
            return;
        }
        try {
            RunStore store = RunStore.open(m.runDir());
            if (storage != null) {
                store.interrupted(storage);
            } else {
                store.appendEvent("message_handed_back", Json.object().put("phase", phase.id())
                        .put("reason", reason)
                        .put("error", String.valueOf(error == null ? null : error.getMessage())));
            }
        } catch (RuntimeException unwritable) {
            // the broker still has the message; the next controller records what it finds
        }
    }

    /**
     * What became of a message that was in its phase, or had left it when its hand-on failed (the phase-event policy
     * records it); one never entered stays as it was.
     */
    private static void settle(Exchange exchange, PhaseDisposition d) {
        PhaseDisposition was = Exchanges.disposition(exchange);
        if (was == PhaseDisposition.ENTERED || was == PhaseDisposition.LEFT) {
            Exchanges.dispose(exchange, d);
        }
    }

    private static String messageOf(Throwable error) {
        return error == null ? "(no error recorded)" : error.getMessage();
    }

    private static boolean fenced(Throwable error) {
        return cause(error, t -> t instanceof FencedException) != null;
    }

    /**
     * Whether the failure is the broker's, not the phase's: the hand-on's send or commit failed (a failover, a cut link).
     * Parking the message then would leave a copy in recovery beside the delivery the broker gives again once this one is
     * rolled back; a broker fault that lasts ends on the dead-letter queue after sth.broker.maxDeliveries, parked there.
     */
    private static boolean brokerCause(Throwable error) {
        return cause(error, t -> t instanceof jakarta.jms.JMSException || t instanceof org.apache.activemq.artemis.api.core.ActiveMQException) != null;
    }

    private static StorageException storageCause(Throwable error) {
        return (StorageException) cause(error, t -> t instanceof StorageException);
    }

    /** The tries the host's retry policy made, when the failure is a connection it gave up on; else 0. */
    static int connectionAttempts(Throwable error) {
        Throwable t = cause(error, c -> c instanceof TransportException te && te.attempts() > 0);
        return t == null ? 0 : ((TransportException) t).attempts();
    }

    /** The first of {@code error} and its causes that {@code is} accepts, or null. */
    private static Throwable cause(Throwable error, java.util.function.Predicate<Throwable> is) {
        for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (is.test(t)) {
                return t;
            }
        }
        return null;
    }
}
