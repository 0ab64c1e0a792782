package org.sth.automation.phase.route;

import java.nio.charset.StandardCharsets;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.NamedNode;
import org.apache.camel.Route;
import org.apache.camel.spi.RoutePolicy;
import org.apache.camel.spi.RoutePolicyFactory;
import org.apache.camel.support.RoutePolicySupport;
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

    @Override
    public RoutePolicy createRoutePolicy(CamelContext camelContext, String routeId, NamedNode route) {
        for (Phase p : Phase.values()) {
            if (p.routeId().equals(routeId)) {
                return new PhaseEvents(p);
            }
        }
        return null;
    }

    private static final class PhaseEvents extends RoutePolicySupport {

        private final Phase phase;

        PhaseEvents(Phase phase) {
            this.phase = phase;
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
            Exception caught = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
            Exception failed = exchange.getException();
            try {
                RunStore store = RunStore.open(m.runDir());
                if (failed != null) {
                    store.phaseLeft(phase, PhaseState.FAILED, failed.getMessage());
                } else if (caught != null && exchange.getProperty(Exchanges.HELD_MESSAGE) != null) {
                    // held in its spool after a storage failure, not parked in recovery
                    store.phaseLeft(phase, PhaseState.INTERRUPTED, caught.getMessage());
                } else if (caught != null) {
                    store.phaseLeft(phase, PhaseState.RECOVERY, caught.getMessage());
                } else {
                    store.phaseLeft(phase, PhaseState.COMPLETED, null);
                }
            } catch (RuntimeException e) {
                // the run directory itself is broken; the message is already in recovery or will be retried
                exchange.setProperty(Exchanges.MESSAGE_ERROR, e.getMessage());
            }
        }
    }
}
