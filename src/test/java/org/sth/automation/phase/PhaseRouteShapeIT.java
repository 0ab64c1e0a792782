package org.sth.automation.phase;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.apache.camel.CamelContext;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.sth.automation.AutomationException;
import org.sth.automation.phase.route.PhaseEventsRoutePolicyFactory;
import org.sth.automation.run.status.Phase;

/**
 * The controller refuses phase routes that would run without their phase events: each phase route enters its phase
 * right after its {@code threads} step, on the pool thread (a route without that step would never say its run entered
 * the phase). And a true/false setting of the controller refuses anything else instead of reading it as false.
 */
class PhaseRouteShapeIT {

    @ParameterizedTest
    @ValueSource(strings = {"as shipped", "no enter step", "enter step before threads"})
    void aPhaseRouteMustEnterItsPhaseRightAfterItsThreadsStep(String shape) throws Exception {
        try (CamelContext camel = new DefaultCamelContext()) {
            camel.getRegistry().bind(PhaseEventsRoutePolicyFactory.ENTER_PHASE, (org.apache.camel.Processor) e -> {
            });
            camel.getRegistry().bind("work", (org.apache.camel.Processor) e -> {
            });
            camel.addRoutes(new RouteBuilder() {
                @Override
                public void configure() {
                    for (Phase p : Phase.values()) {
                        var route = from("direct:" + p.id()).routeId(p.routeId());
                        boolean broken = p == Phase.EXECUTE;
                        if (broken && shape.equals("enter step before threads")) {
                            route.process(PhaseEventsRoutePolicyFactory.ENTER_PHASE).threads(1).process("work");
                        } else if (broken && shape.equals("no enter step")) {
                            route.threads(1).process("work");
                        } else {
                            route.threads(1).process(PhaseEventsRoutePolicyFactory.ENTER_PHASE).process("work");
                        }
                    }
                }
            });
            camel.start();

            if (shape.equals("as shipped")) {
                Controller.checkPhaseRoutes(camel);
                assertThat(camel.getRoutes()).hasSize(Phase.values().length);
            } else {
                assertThatThrownBy(() -> Controller.checkPhaseRoutes(camel)).isInstanceOf(AutomationException.class)
                        .hasMessageContaining("route 'phase-execute'").hasMessageContaining("process: {ref: enterPhaseProcessor}");
            }
        }
    }

    @org.junit.jupiter.api.Test
    void aTrueOrFalsePropertyRefusesAnythingElseNamingTheKey() throws Exception {
        try (CamelContext camel = new DefaultCamelContext()) {
            java.util.Properties p = new java.util.Properties();
            p.put("sth.a", "true");
            p.put("sth.b", " FALSE ");
            p.put("sth.c", "yes");
            camel.getPropertiesComponent().setInitialProperties(p);

            assertThat(Controller.booleanProperty(camel, "sth.a")).isTrue();
            assertThat(Controller.booleanProperty(camel, "sth.b")).isFalse();
            assertThatThrownBy(() -> Controller.booleanProperty(camel, "sth.c")).isInstanceOf(AutomationException.class)
                    .hasMessageContaining("sth.c = 'yes'").hasMessageContaining("fix:");
        }
    }
}
