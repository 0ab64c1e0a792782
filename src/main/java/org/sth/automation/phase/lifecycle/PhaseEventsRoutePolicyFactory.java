package org.sth.automation.phase.lifecycle;

import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.NamedNode;
import org.apache.camel.Route;
import org.apache.camel.spi.RoutePolicy;
import org.apache.camel.spi.RoutePolicyFactory;
import org.apache.camel.support.RoutePolicySupport;
import org.sth.automation.engine.HostHolders;
import org.sth.automation.engine.PhaseMessage;
import org.sth.automation.run.RunFence;
import org.sth.automation.run.RunStore;
import org.sth.automation.run.status.Phase;
import org.sth.automation.run.status.PhaseState;

/**
 * Records {@code phase_left} for every message that entered its phase and did not leave it (the leave step records a
 * completed phase, before the hand-on), from its {@link PhaseDisposition} when the exchange is done: failed, parked in
 * recovery (host given up) or held after a storage failure (run interrupted, host given up). The lifecycle's steps
 * decide; this policy only records. Then the run's holder record says this controller no longer runs it
 * ({@link RunFence#release}); a controller the run was taken from ({@link PhaseDisposition#FENCED}) records nothing.
 * Applies to the route of each phase ({@link Phase#routeId()}).
 */
public final class PhaseEventsRoutePolicyFactory implements RoutePolicyFactory {

    private final HostHolders holders;

    /** @param holders the hosts' holders: a run gives its host up when it finishes or is parked in recovery */
    public PhaseEventsRoutePolicyFactory(HostHolders holders) {
        this.holders = holders;
    }

    @Override
    public RoutePolicy createRoutePolicy(CamelContext camelContext, String routeId, NamedNode route) {
        for (Phase p : Phase.values()) {
            if (p.routeId().equals(routeId)) {
                return new PhaseEvents(p);
            }
        }
        return null;
    }

    private final class PhaseEvents extends RoutePolicySupport {

        private final Phase phase;

        PhaseEvents(Phase phase) {
            this.phase = phase;
        }

        @Override
        public void onExchangeDone(Route route, Exchange exchange) {
            PhaseDisposition d = Exchanges.disposition(exchange);
            PhaseMessage m = exchange.getProperty(Exchanges.MESSAGE, PhaseMessage.class);
            if (m == null || d == null) {
                return;
            }
            Long epoch = exchange.getProperty(Exchanges.HOLDER_EPOCH, Long.class);
            boolean held = epoch != null;
            if (held && (d == PhaseDisposition.FENCED || !RunFence.isCurrent(m.runDir(), epoch))) {
                // another controller (or a later delivery to this one) runs the run now: nothing of this exchange is recorded
                RunFence.forget(m.runDir(), epoch);
                return;
            }
            try {
                record(d, m, exchange);
            } finally {
                if (held) {
                    try {
                        RunFence.release(m.runDir(), epoch);
                    } catch (RuntimeException unwritable) {
                        // the record keeps saying running; the next controller that takes the run raises the epoch all the same
                    }
                }
            }
        }

        private void record(PhaseDisposition d, PhaseMessage m, Exchange exchange) {
            try {
                switch (d) {
                    case ENTERED -> {
                        // the leave step never came: a failure no error handler took (a handled one is PARKED or HELD)
                        Exception failed = exchange.getException();
                        RunStore.open(m.runDir()).phaseLeft(phase, PhaseState.FAILED,
                                failed != null ? failed.getMessage() : "the phase ended before its leave step");
                    }
                    case LEFT -> {
                        // phase_left completed is written (the leave step); only a hand-on that failed unhandled is added
                        Exception failed = exchange.getException();
                        if (failed != null) {
                            RunStore.open(m.runDir()).phaseLeft(phase, PhaseState.FAILED, failed.getMessage());
                        }
                    }
                    case PARKED -> {
                        holders.release(m.host(), m.runId());
                        Exception caught = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
                        RunStore.open(m.runDir()).phaseLeft(phase, PhaseState.RECOVERY, caught == null ? null : caught.getMessage());
                    }
                    case HELD -> {
                        // the event may not fit on a full disk: the hold and the interruption are what count
                        holders.release(m.host(), m.runId());
                        Exception why = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
                        RunStore.open(m.runDir()).phaseLeft(phase, PhaseState.INTERRUPTED, why == null ? null : why.getMessage());
                    }
                    default -> {
                        // never entered (dropped, deferred, already consumed), or handed back for another controller to enter
                    }
                }
            } catch (RuntimeException unwritable) {
                // the run directory itself is broken; the message is already in recovery, held, or will be retried
            }
        }
    }
}
