package org.sth.automation.phase.route;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
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
import org.sth.automation.run.status.RunState;

/**
 * Records {@code phase_entered} / {@code phase_left} for every message a phase route consumes, so no
 * processor writes phase events itself. Applies to the route of each phase ({@link Phase#routeId()});
 * the Camel application (phase.Controller) refuses to start when a phase has no such route, so a renamed route cannot silently stop events.
 *
 * <p>The policy opens the message when the spool hands it over (and, with a broker, drops copies and defers runs whose
 * host is held); the phase is entered by the route's {@link #ENTER_PHASE} step, the first after {@code threads}, on the
 * host-pool thread that processes it. A message waiting for a free thread of the pool is not in its phase yet: its run
 * shows queued (waiting in the phase's spool), never running without a heartbeat, and never stalled.
 */
public final class PhaseEventsRoutePolicyFactory implements RoutePolicyFactory {

    private final HostHolders holders;
    private final ControllerIdentity controller;

    /**
     * @param holders the hosts' holders: a run gives its host up when it finishes or is parked in recovery
     * @param controller this controller, and whether its phase messages come from the file spools or a broker
     */
    public PhaseEventsRoutePolicyFactory(HostHolders holders, ControllerIdentity controller) {
        this.holders = holders;
        this.controller = controller;
    }

    /** Bean name of the step that enters the phase ({@link #enterPhase()}): each phase route's first step after {@code threads}. */
    public static final String ENTER_PHASE = "enterPhaseProcessor";

    /**
     * The step that records {@code phase_entered} for the message the policy opened, on the thread that processes it.
     * A message that could not be opened passes through (the phase's processor sends it to recovery); a run directory
     * that cannot be written to is left to the phase's processor, whose own writes fail the way the storage handling
     * expects (held in the spool, or parked).
     */
    public org.apache.camel.Processor enterPhase() {
        return exchange -> {
            PhaseMessage m = exchange.getProperty(Exchanges.MESSAGE, PhaseMessage.class);
            if (m == null) {
                return;
            }
            exchange.setProperty(Exchanges.ENTERED, true);
            try {
                RunStore.open(m.runDir()).phaseEntered(Exchanges.phase(exchange), m.attempt(), controller.fields());
            } catch (RuntimeException e) {
                exchange.setProperty(Exchanges.MESSAGE_ERROR, e.getMessage());
            }
        };
    }

    @Override
    public RoutePolicy createRoutePolicy(CamelContext camelContext, String routeId, NamedNode route) {
        for (Phase p : Phase.values()) {
            if (p.routeId().equals(routeId)) {
                return new PhaseEvents(p, holders, controller);
            }
        }
        return null;
    }

    private static final class PhaseEvents extends RoutePolicySupport {

        private final Phase phase;
        private final HostHolders holders;
        private final ControllerIdentity controller;

        PhaseEvents(Phase phase, HostHolders holders, ControllerIdentity controller) {
            this.phase = phase;
            this.holders = holders;
            this.controller = controller;
        }

        @Override
        public void onExchangeBegin(Route route, Exchange exchange) {
            exchange.setProperty(Exchanges.PHASE, phase);
            if (controller.broker()) {
                beginFromBroker(exchange);
                return;
            }
            String source = exchange.getIn().getHeader(Exchange.FILE_PATH, String.class);
            if (source != null && !Files.exists(Path.of(source))) {
                // a poll that listed the file just before the exchange that consumed it completed (the routes hand
                // their messages to a pool, so polling goes on meanwhile): the message is done, there is nothing to do
                exchange.setProperty(Exchanges.ALREADY_CONSUMED, true);
                exchange.setRouteStop(true);
                return;
            }
            try {
                exchange.setProperty(Exchanges.MESSAGE, PhaseMessage.parse(new String(Exchanges.fileBytes(exchange), StandardCharsets.UTF_8), source));
            } catch (RuntimeException e) {
                exchange.setProperty(Exchanges.MESSAGE_ERROR, e.getMessage());
            }
        }

        /**
         * A broker delivery: a copy of a message whose phase already completed is dropped (it was sent twice); a run
         * whose host another run holds is queued again after a delay (no consumer waits for a host); a delivery after
         * one that ended without a commit (its controller died or handed it back) is recorded as a takeover, the way
         * {@code resume} records one; then the message goes on to the route's enter step.
         */
        private void beginFromBroker(Exchange exchange) {
            PhaseMessage m;
            RunStore store;
            try {
                m = PhaseMessage.parse(exchange.getIn().getBody(String.class), "broker queue of phase " + phase.id());
                store = RunStore.open(m.runDir());
            } catch (RuntimeException e) {
                exchange.setProperty(Exchanges.MESSAGE_ERROR, e.getMessage());
                return;
            }
            try {
                com.fasterxml.jackson.databind.node.ObjectNode status = store.statusSnapshot();
                RunState state = RunState.of(status.path("state").asText());
                boolean completed = PhaseState.of(status.path("phases").path(phase.id()).path("state").asText()) == PhaseState.COMPLETED;
                boolean requeuedHere = state == RunState.QUEUED && phase.id().equals(status.path("phase").asText());
                if ((completed && !requeuedHere) || state.isFinished()) {
                    store.appendEvent("duplicate_dropped", controller.fields().put("phase", phase.id())
                            .put("reason", "a copy of a message whose phase already completed"));
                    exchange.setProperty(Exchanges.ALREADY_CONSUMED, true);
                    exchange.setRouteStop(true);
                    return;
                }
                HostHolders.Admission a = holders.admit(m, store);
                if (!a.admitted()) {
                    try {
                        controller.defer(exchange, m, phase);
                    } catch (RuntimeException brokerTrouble) {
                        // not queued again: this delivery is rolled back instead, and the broker delivers it again
                        exchange.setRollbackOnly(true);
                    }
                    exchange.setProperty(Exchanges.DEFERRED, true);
                    exchange.setRouteStop(true);
                    return;
                }
                if (Boolean.TRUE.equals(exchange.getIn().getHeader("JMSRedelivered", Boolean.class))) {
                    int delivery = exchange.getIn().getHeader("JMSXDeliveryCount", 0, Integer.class);
                    if (state == RunState.RUNNING) {
                        store.interrupted("the controller that took the message in phase " + phase.id()
                                + " stopped or handed it back before finishing (the broker delivered it again)");
                    }
                    store.resumed(phase, "delivered again by the broker (delivery " + delivery + ") to " + controller.id());
                }
                exchange.setProperty(Exchanges.MESSAGE, m);
            } catch (RuntimeException e) {
                exchange.setProperty(Exchanges.MESSAGE_ERROR, e.getMessage());
            }
        }

        @Override
        public void onExchangeDone(Route route, Exchange exchange) {
            PhaseMessage m = exchange.getProperty(Exchanges.MESSAGE, PhaseMessage.class);
            if (m == null || exchange.getProperty(Exchanges.ENTERED) == null || exchange.getProperty(Exchanges.ALREADY_CONSUMED) != null
                    || exchange.getProperty(Exchanges.DEFERRED) != null || exchange.getProperty(Exchanges.HANDED_BACK) != null) {
                // nothing happened in the phase (it was never entered: dropped, deferred, or stopped while waiting for a
                // thread), or the broker gives the message to another controller, which enters it
                return;
            }
            // a failure that redelivery overcame leaves EXCEPTION_CAUGHT set: only the recovery writer's mark means "parked"
            Exception caught = exchange.getProperty(Exchanges.PARKED) == null ? null : exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
            Exception failed = exchange.getException();
            if (failed == null && exchange.getProperty(Exchanges.HELD_MESSAGE) != null) {
                // held in its spool after a storage failure (not parked in recovery): the run is interrupted, its host free;
                // the event may not fit on a full disk, the hold and the interruption are what count
                holders.release(m.host(), m.runId());
                Exception why = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
                try {
                    RunStore.open(m.runDir()).phaseLeft(phase, PhaseState.INTERRUPTED, why == null ? null : why.getMessage());
                } catch (RuntimeException stillUnwritable) {
                    exchange.setProperty(Exchanges.MESSAGE_ERROR, stillUnwritable.getMessage());
                }
                return;
            }
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
