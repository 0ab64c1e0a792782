package org.sth.automation.phase.broker;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.apache.camel.Exchange;
import org.sth.automation.AutomationException;
import org.sth.automation.engine.HostHolders;
import org.sth.automation.engine.PhaseMessage;
import org.sth.automation.engine.WorkDirs;
import org.sth.automation.engine.recovery.RecoveryQueue;
import org.sth.automation.io.Json;
import org.sth.automation.phase.lifecycle.AdmitMessageProcessor;
import org.sth.automation.run.RunFence;
import org.sth.automation.run.RunStore;
import org.sth.automation.run.status.Phase;

/**
 * Broker mode's recovery (route {@code broker-dead-letters}, leader only): a message Artemis moved to the dead-letter
 * address, because every delivery of it ended without a commit (each controller that took it died or handed it back),
 * is parked in {@code recovery/<phase>/} with its {@code .error.json} and replay command, like a message a phase
 * failed; its run goes to {@code recovery} and its host is released.
 */
public final class DeadLetterProcessor implements org.apache.camel.Processor {

    /** Header (Artemis): the address a dead-lettered message was sent to. */
    static final String ORIGINAL_ADDRESS = "_AMQ_ORIG_ADDRESS";

    private final WorkDirs dirs;
    private final HostHolders holders;

    public DeadLetterProcessor(WorkDirs dirs, HostHolders holders) {
        this.dirs = dirs;
        this.holders = holders;
    }

    @Override
    public void process(Exchange exchange) {
        String text = exchange.getIn().getBody(String.class);
        byte[] bytes = text == null ? new byte[0] : text.getBytes(StandardCharsets.UTF_8);
        String address = exchange.getIn().getHeader(ORIGINAL_ADDRESS, String.class);
        int deliveries = exchange.getIn().getHeader("JMSXDeliveryCount", 0, Integer.class);
        PhaseMessage m = null;
        try {
            m = PhaseMessage.parse(text == null ? "" : text, "broker " + Broker.DEAD_LETTER);
        } catch (RuntimeException torn) {
            // parked all the same, under the phase its address names
        }
        Phase phase = m != null ? m.phase() : phaseOf(address);
        if (m != null && staleCopy(m, phase)) {
            return;
        }
        String name = m != null ? m.fileName() : "dead-letter-" + exchange.getExchangeId() + ".json";
        AutomationException why = new AutomationException("the broker moved this message to " + Broker.DEAD_LETTER + " after "
                + (deliveries > 0 ? deliveries + " deliveries" : "its deliveries") + " to " + (address == null ? "its queue" : address)
                + " ended without a commit: each controller that took it stopped or handed it back before finishing the phase"
                + " (see the controllers' logs and the run's events; replay once the cause is fixed)");
        Path stored = new RecoveryQueue(dirs).store(phase, name, bytes, why,
                new RecoveryQueue.Failure(m == null ? null : m.runId(), m == null ? null : m.host(), null, null,
                        m == null ? 0 : m.attempt(), Math.max(0, deliveries - 1), 0));
        if (m != null) {
            try {
                // the leader takes the run to park it: a controller that took it before and comes back writes nothing more
                RunFence.take(m.runDir(), "dead letters of " + ProcessHandle.current().pid(), phase, null);
                RunStore.open(m.runDir()).movedToRecovery(phase, why.getMessage(), stored.toString(), RecoveryQueue.replayCommand(stored));
            } catch (RuntimeException runDirBroken) {
                // the parked message and its sidecar say what happened
            } finally {
                RunFence.release(m.runDir());
            }
            holders.release(m.host(), m.runId());
        }
    }

    /**
     * A dead-lettered copy of a message whose run went past its phase or finished (another delivery or copy of it carried
     * the run on: a watchdog's re-send, a deferred copy) is dropped with an event, never parked: parking it would take the
     * run from whoever carries it on, and leave a replay that would run finished work again.
     */
    private static boolean staleCopy(PhaseMessage m, Phase phase) {
        RunStore store;
        ObjectNode status;
        try {
            store = RunStore.open(m.runDir());
            status = store.statusSnapshot();
        } catch (RuntimeException runDirBroken) {
            return false;
        }
        String stale = AdmitMessageProcessor.stale(status, phase);
        if (stale == null) {
            return false;
        }
        try {
            store.appendEvent("duplicate_dropped", Json.object().put("phase", phase.id()).put("reason", "dead-lettered: " + stale));
        } catch (RuntimeException notRecorded) {
            // the run is past this message either way: nothing of it is parked
        }
        return true;
    }

    private static Phase phaseOf(String address) {
        if (address != null && address.startsWith(Broker.QUEUE_PREFIX)) {
            try {
                return Phase.of(address.substring(Broker.QUEUE_PREFIX.length()));
            } catch (RuntimeException unknown) {
                // fall through
            }
        }
        return Phase.values()[0];
    }
}
