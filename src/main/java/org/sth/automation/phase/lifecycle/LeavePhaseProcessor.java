package org.sth.automation.phase.lifecycle;

import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.sth.automation.engine.HostHolders;
import org.sth.automation.engine.PhaseMessage;
import org.sth.automation.run.RunStore;
import org.sth.automation.run.status.PhaseState;

/**
 * Leave: records {@code phase_left} completed once the phase's work is done, and after the last phase gives the host up.
 * It comes before the hand-on because the next phase may begin the moment its message exists (a spool polled at once,
 * another controller's consumer): recorded at the exchange's end instead, the next phase could already hold the run
 * under a later epoch, and the run would show a phase entered that was never left. A failure of the hand-on after it
 * still ends in recovery (the recovery writer settles {@link PhaseDisposition#LEFT} like {@code ENTERED}).
 */
public final class LeavePhaseProcessor implements Processor {

    private final HostHolders holders;

    public LeavePhaseProcessor(HostHolders holders) {
        this.holders = holders;
    }

    @Override
    public void process(Exchange exchange) {
        PhaseMessage m = Exchanges.message(exchange);
        // a write that fails here (storage, fence) fails the exchange the way the recovery writer handles
        RunStore.open(m.runDir()).phaseLeft(Exchanges.phase(exchange), PhaseState.COMPLETED, null);
        Exchanges.dispose(exchange, PhaseDisposition.LEFT);
        if (Exchanges.phase(exchange).next() == null) {
            holders.release(m.host(), m.runId());
        }
    }
}
