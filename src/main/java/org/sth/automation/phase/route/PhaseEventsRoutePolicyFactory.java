package org.sth.automation.phase.route;

import java.nio.charset.StandardCharsets;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.NamedNode;
import org.apache.camel.Route;
import org.apache.camel.spi.RoutePolicy;
import org.apache.camel.spi.RoutePolicyFactory;
import org.apache.camel.support.RoutePolicySupport;
import org.sth.automation.engine.HostHolders;
import org.sth.automation.engine.PhaseMessage;
import org.sth.automation.run.RunStore;
import org.sth.automation.run.status.Phase;
import org.sth.automation.run.status.PhaseState;

/**
 * Records {@code phase_entered} / {@code phase_left} for every message a phase route consumes, so no
 * processor writes phase events itself. Applies to the route of each phase ({@link Phase#routeId()});
 * the Camel application (phase.Controller) refuses to start when a phase has no such route, so a renamed route cannot silently stop events.
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
                return new PhaseEvents(p, holders);
            }
        }
        return null;
    }

    private static final class PhaseEvents extends RoutePolicySupport {

        private final Phase phase;
        private final HostHolders holders;

        PhaseEvents(Phase phase, HostHolders holders) {
            this.phase = phase;
            this.holders = holders;
        }

        @Override
        public void onExchangeBegin(Route route, Exchange exchange) {
            exchange.setProperty(Exchanges.PHASE, phase);
            String source = exchange.getIn().getHeader(Exchange.FILE_PATH, String.class);
            try {
                PhaseMessage m = PhaseMessage.parse(new String(Exchanges.fileBytes(exchange), StandardCharsets.UTF_8), source);
                exchange.setProperty(Exchanges.MESSAGE, m);
                RunStore.open(m.runDir()).phaseEntered(phase, m.attempt());
            } catch (RuntimeException e) {
                exchange.setProperty(Exchanges.MESSAGE_ERROR, e.getMessage());
            }
        }

        @Override
        public void onExchangeDone(Route route, Exchange exchange) {
            PhaseMessage m = exchange.getProperty(Exchanges.MESSAGE, PhaseMessage.class);
            if (m == null) {
                return;
            }
            // a failure that redelivery overcame leaves EXCEPTION_CAUGHT set: only the recovery writer's mark means "parked"
            Exception caught = exchange.getProperty(Exchanges.PARKED) == null ? null : exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
            Exception failed = exchange.getException();
            try {
                RunStore store = RunStore.open(m.runDir());
                if (failed != null) {
                    store.phaseLeft(phase, PhaseState.FAILED, failed.getMessage());
                } else if (caught != null) {
                    store.phaseLeft(phase, PhaseState.RECOVERY, caught.getMessage());
                    holders.release(m.host(), m.runId());
                } else {
                    store.phaseLeft(phase, PhaseState.COMPLETED, null);
                    if (phase.next() == null) {
                        holders.release(m.host(), m.runId());
                    }
                }
            } catch (RuntimeException e) {
                // the run directory itself is broken; the message is already in recovery or will be retried
                exchange.setProperty(Exchanges.MESSAGE_ERROR, e.getMessage());
            }
        }
    }
}
