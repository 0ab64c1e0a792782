package org.sth.automation.phase;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.apache.camel.CamelContext;
import org.apache.camel.spi.Resource;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.ResourceHelper;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import java.nio.file.Path;
import org.apache.camel.util.concurrent.SynchronousExecutorService;
import org.junit.jupiter.api.io.TempDir;
import org.sth.automation.AutomationException;
import org.sth.automation.engine.HostHolders;
import org.sth.automation.engine.WorkDirs;
import org.sth.automation.phase.lifecycle.ControllerIdentity;
import org.sth.automation.phase.lifecycle.Lifecycle;
import org.sth.automation.run.status.Phase;

/**
 * The controller refuses phase routes that would run outside the phase lifecycle (take, admit, enter, work, leave, hand on):
 * each phase route is made from the lifecycle template as shipped, so none can skip its admission or its events. And
 * a true/false setting of the controller refuses anything else instead of reading it as false.
 */
class PhaseRouteShapeIT {

    @ParameterizedTest
    @ValueSource(strings = {"as shipped", "hand-written route", "another template", "missing route"})
    void everyPhaseRouteIsMadeFromTheLifecycleTemplate(String shape, @TempDir Path work) throws Exception {
        try (CamelContext camel = PlainCamel.context()) {
            // given the shipped template and error handling with the beans they name, and each phase's route as the shape says
            Lifecycle.beans(new HostHolders(new WorkDirs(work)), new ControllerIdentity(false)).forEach(camel.getRegistry()::bind);
            camel.getRegistry().bind(Controller.HOST_POOL, new SynchronousExecutorService());
            camel.getPropertiesComponent().setLocation("classpath:application.properties");
            for (String name : List.of("writeRecoveryProcessor", "countRedeliveryProcessor", "rejectRequestProcessor")) {
                camel.getRegistry().bind(name, (org.apache.camel.Processor) e -> { });
            }
            List<Resource> routes = new ArrayList<>();
            for (String file : List.of("00-phase-lifecycle.camel.yaml", "error-handling.camel.yaml")) {
                routes.add(ResourceHelper.resolveMandatoryResource(camel, "classpath:routes/" + file));
            }
            StringBuilder yaml = new StringBuilder("""
                    - routeTemplate:
                        id: other
                        parameters: [{name: endpoint}]
                        route: {from: {uri: "{{endpoint}}", steps: [{log: other}]}}
                    """);
            for (Phase p : Phase.values()) {
                boolean broken = p == Phase.EXECUTE;
                camel.getRegistry().bind(p.id() + "Work", (org.apache.camel.Processor) e -> { });
                if (broken && shape.equals("hand-written route")) {
                    yaml.append("- route: {id: %s, from: {uri: 'direct:%s', steps: [{log: by-hand}]}}\n".formatted(p.routeId(), p.id()));
                } else if (broken && shape.equals("another template")) {
                    yaml.append("- templatedRoute: {routeTemplateRef: other, routeId: %s, parameters: [{name: endpoint, value: 'direct:%s'}]}\n"
                            .formatted(p.routeId(), p.id()));
                } else if (!(broken && shape.equals("missing route"))) {
                    yaml.append(("- templatedRoute: {routeTemplateRef: phase-lifecycle, routeId: %s, parameters: [{name: endpoint, value: "
                            + "'direct:%s'}, {name: work, value: %sWork}]}\n").formatted(p.routeId(), p.id(), p.id()));
                }
            }
            routes.add(ResourceHelper.fromString("phases.camel.yaml", yaml.toString()));
            PluginHelper.getRoutesLoader(camel).loadRoutes(routes.toArray(Resource[]::new));
            camel.start();

            // when / then
            if (shape.equals("as shipped")) {
                CamelSetup.checkPhaseRoutes(camel);
                assertThat(camel.getRoutes()).hasSize(Phase.values().length + 1);
            } else {
                assertThatThrownBy(() -> CamelSetup.checkPhaseRoutes(camel)).isInstanceOf(AutomationException.class)
                        .hasMessageContaining("'phase-execute'").hasMessageContaining("templatedRoute of 'phase-lifecycle'");
            }
        }
    }

    @org.junit.jupiter.api.Test
    void aTrueOrFalsePropertyRefusesAnythingElseNamingTheKey() throws Exception {
        try (CamelContext camel = PlainCamel.context()) {
            java.util.Properties p = new java.util.Properties();
            p.put("sth.a", "true");
            p.put("sth.b", " FALSE ");
            p.put("sth.c", "yes");
            camel.getPropertiesComponent().setInitialProperties(p);

            assertThat(CamelSetup.booleanProperty(camel, "sth.a")).isTrue();
            assertThat(CamelSetup.booleanProperty(camel, "sth.b")).isFalse();
            assertThatThrownBy(() -> CamelSetup.booleanProperty(camel, "sth.c")).isInstanceOf(AutomationException.class)
                    .hasMessageContaining("sth.c = 'yes'").hasMessageContaining("fix:");
        }
    }
}
