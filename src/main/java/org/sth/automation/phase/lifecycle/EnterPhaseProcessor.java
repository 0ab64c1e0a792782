package org.sth.automation.phase.lifecycle;

import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.sth.automation.engine.PhaseMessage;
import org.sth.automation.run.RunStore;

/**
 * Enter: records {@code phase_entered} on the host-pool thread that runs the phase (the step after {@code threads}), so
 * a message waiting for a free thread is not in its phase yet: its run shows queued, never running without a heartbeat,
 * never stalled. A run directory that cannot be written is left to the phase's own step, whose writes fail the way the
 * storage handling expects (held in its spool, or parked).
 */
public final class EnterPhaseProcessor implements Processor {

    private final ControllerIdentity controller;

    public EnterPhaseProcessor(ControllerIdentity controller) {
        this.controller = controller;
    }

    @Override
    public void process(Exchange exchange) {
        PhaseMessage m = Exchanges.message(exchange);
        Long epoch = exchange.getProperty(Exchanges.HOLDER_EPOCH, Long.class);
        if (epoch != null) {
            // this pool thread writes the run, and is fenced, under the epoch its exchange took (RunFence)
            org.sth.automation.run.RunFence.acting(m.runDir(), epoch);
        }
        Exchanges.dispose(exchange, PhaseDisposition.ENTERED);
        try {
            RunStore.open(m.runDir()).phaseEntered(Exchanges.phase(exchange), m.attempt(), controller.fields());
        } catch (RuntimeException unwritable) {
            // the phase's step meets the same storage and fails the way the recovery writer handles
        }
    }
}
