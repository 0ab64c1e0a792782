package org.sth.automation.phase.lifecycle;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.sth.automation.AutomationException;
import org.sth.automation.engine.HostHolders;
import org.sth.automation.engine.PhaseMessage;
import org.sth.automation.run.RunFence;
import org.sth.automation.run.RunStore;
import org.sth.automation.run.status.Phase;
import org.sth.automation.run.status.RunState;

/**
 * Admit: where per-host exclusivity is decided, the same in file and broker mode. A run goes on only while it holds its
 * host ({@link HostHolders}: one run per host at a time); a stale copy of a message (its run is already in a later
 * phase, or finished) is dropped; a broker delivery after one that ended without a commit is recorded as a takeover, as
 * {@code resume} records one. In file mode the spools' filter ({@link HostFilter}) asks {@link #admits} first, so a
 * message whose host is held is not even taken (it waits in its spool); in broker mode it is queued again after a
 * delay ({@link PhaseDisposition#DEFERRED}) and no consumer waits.
 */
public final class AdmitMessageProcessor implements Processor {

    /** Header (JMS): the broker's id of the message; a redelivery keeps it, a copy has its own. */
    static final String MESSAGE_ID = "JMSMessageID";

    private final HostHolders holders;
    private final ControllerIdentity controller;

    public AdmitMessageProcessor(HostHolders holders, ControllerIdentity controller) {
        this.holders = holders;
        this.controller = controller;
    }

    /** The file spools' question, before a message is taken: may its run use its host now? (Records {@code run_waiting}.) */
    public boolean admits(PhaseMessage m) {
        try {
            return holders.admit(m, RunStore.open(m.runDir())).admitted();
        } catch (RuntimeException runDirBroken) {
            // a run directory that cannot be opened or written: the route reports it when it takes the message
            return holders.admit(m.host(), m.runId(), m.runDir()).admitted();
        }
    }

    /**
     * Why a message for {@code phase} is a stale copy, given its run's status, or null when it is the run's way on: a copy
     * is stale when its run went past its phase, or ended. A message for the run's own phase, or the next one, is the
     * run's way on, even when that phase completed before (resume and replay send a run back).
     */
    public static String stale(ObjectNode status, Phase phase) {
        if (RunState.of(status.path("state").asText()).isFinished()) {
            return "a copy of a message of a run that finished";
        }
        String current = status.path("phase").asText(null);
        return current != null && Phase.of(current).ordinal() > phase.ordinal() ? "a copy of a message whose run is already in phase " + current : null;
    }

    @Override
    public void process(Exchange exchange) {
        if (Exchanges.disposition(exchange) != PhaseDisposition.TAKEN) {
            return;
        }
        PhaseMessage m = Exchanges.message(exchange);
        Phase phase = Exchanges.phase(exchange);
        // what this thread did for the run before (an earlier message of it) gives this one no epoch
        RunFence.idle(m.runDir());
        RunStore store = RunStore.open(m.runDir());
        ObjectNode status = store.statusSnapshot();
        RunState state = RunState.of(status.path("state").asText());
        String stale = stale(status, phase);
        if (stale != null) {
            store.appendEvent("duplicate_dropped", controller.fields().put("phase", phase.id()).put("reason", stale));
            Exchanges.dispose(exchange, PhaseDisposition.DUPLICATE);
            return;
        }
        HostHolders.Admission admission = holders.admit(m, store);
        if (!admission.admitted() && !controller.broker()) {
            // the spool's filter admitted it a moment ago, so another controller of the work root took the host since:
            // a failure the route retries (the file stays in its spool meanwhile), never a message deleted unprocessed
            throw new AutomationException("host " + m.host() + " of run " + m.runId() + " is held by run " + admission.holder()
                    + " (taken since the spool's filter admitted this message); the phase retries it");
        }
        if (!admission.admitted()) {
            try {
                controller.defer(exchange, m, phase);
            } catch (RuntimeException brokerTrouble) {
                // not queued again: this delivery is rolled back instead, and the broker delivers it again
                exchange.setRollbackOnly(true);
            }
            Exchanges.dispose(exchange, PhaseDisposition.DEFERRED);
            return;
        }
        // the run's holder epoch: from here on only this controller writes the run (RunFence); a second copy of a message
        // whose phase another controller is running (a watchdog's re-send, a duplicate send) is dropped, never run beside it
        int delivery = controller.broker() ? exchange.getIn().getHeader("JMSXDeliveryCount", 0, Integer.class) : 0;
        RunFence.Claim claim = RunFence.take(m.runDir(), controller.id(), phase,
                controller.broker() ? exchange.getIn().getHeader(MESSAGE_ID, String.class) : null, delivery);
        if (!claim.taken()) {
            store.appendEvent("duplicate_dropped", controller.fields().put("phase", phase.id())
                    .put("reason", "a copy of the message whose phase " + phase.id() + " controller " + claim.holder().controller()
                            + " is running (holder epoch " + claim.holder().epoch() + ")"));
            Exchanges.dispose(exchange, PhaseDisposition.DUPLICATE);
            return;
        }
        exchange.setProperty(Exchanges.HOLDER_EPOCH, claim.holder().epoch());
        if (Boolean.TRUE.equals(exchange.getIn().getHeader("JMSRedelivered", Boolean.class))) {
            if (state == RunState.RUNNING) {
                store.interrupted("the controller that took the message in phase " + phase.id()
                        + " stopped or handed it back before finishing (the broker delivered it again)");
            }
            store.resumed(phase, "delivered again by the broker (delivery " + delivery + ") to " + controller.id());
        }
        Exchanges.dispose(exchange, PhaseDisposition.ADMITTED);
    }
}
