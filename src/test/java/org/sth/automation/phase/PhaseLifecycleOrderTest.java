package org.sth.automation.phase;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.camel.CamelContext;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.spi.Resource;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.ResourceHelper;
import org.apache.camel.util.concurrent.SynchronousExecutorService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sth.automation.engine.HostHolders;
import org.sth.automation.engine.PhaseMessage;
import org.sth.automation.engine.WorkDirs;
import org.sth.automation.phase.lifecycle.ControllerIdentity;
import org.sth.automation.phase.lifecycle.Lifecycle;
import org.sth.automation.phase.lifecycle.PhaseEventsRoutePolicyFactory;
import org.sth.automation.run.JsonlLedger;
import org.sth.automation.run.RunPlan;
import org.sth.automation.run.RunStore;
import org.sth.automation.run.status.Phase;

/**
 * A phase is left before the next one can be entered: the next phase may begin the moment its message exists (a spool
 * polled at once, another controller's consumer), and a run must never show a phase entered that was never left. Here
 * each hand-on waits until the next phase is entered before its exchange may end, the order a quickly polled spool
 * produces now and then (LabIT saw a preflight without its phase_left).
 */
class PhaseLifecycleOrderTest {

    @AfterEach
    void forget() {
        RunStore.forgetAll();
    }

    @Test
    void everyPhaseIsLeftBeforeTheNextIsEnteredEvenWhenTheNextBeginsAtOnce(@TempDir Path dir) throws Exception {
        // given the shipped lifecycle template, one route per phase, each hand-on delivered to the next phase at once
        WorkDirs dirs = new WorkDirs(dir.resolve("work"));
        HostHolders holders = new HostHolders(dirs);
        Path runDir = dir.resolve("runs/h1-1");
        RunStore.create(runDir, new RunPlan("h1-1", "req", "h1", List.of("system-info"), dir.resolve("c.toml").toString(),
                dirs.root().toString(), Instant.now()), Duration.ofSeconds(5));
        Properties spools = new Properties();
        for (Phase p : Phase.values()) {
            spools.setProperty("sth.spool." + p.id(), "direct:handed-on-" + p.id());
        }
        try (CamelContext camel = PlainCamel.context()) {
            Lifecycle.beans(holders, new ControllerIdentity(false)).forEach(camel.getRegistry()::bind);
            camel.getRegistry().bind(Controller.HOST_POOL, new SynchronousExecutorService());
            camel.getPropertiesComponent().setLocation("classpath:application.properties");
            camel.getPropertiesComponent().setOverrideProperties(spools);
            for (String name : List.of("writeRecoveryProcessor", "countRedeliveryProcessor", "rejectRequestProcessor")) {
                camel.getRegistry().bind(name, (org.apache.camel.Processor) e -> { });
            }
            camel.addRoutePolicyFactory(new PhaseEventsRoutePolicyFactory(holders));
            StringBuilder phases = new StringBuilder();
            for (Phase p : Phase.values()) {
                camel.getRegistry().bind(p.id() + "Work", (org.apache.camel.Processor) e -> { });
                phases.append(("- templatedRoute: {routeTemplateRef: phase-lifecycle, routeId: %s, parameters: [{name: endpoint, value: "
                        + "'seda:%s'}, {name: work, value: %sWork}]}\n").formatted(p.routeId(), p.id(), p.id()));
            }
            List<Resource> routes = new ArrayList<>();
            for (String file : List.of("00-phase-lifecycle.camel.yaml", "error-handling.camel.yaml")) {
                routes.add(ResourceHelper.resolveMandatoryResource(camel, "classpath:routes/" + file));
            }
            routes.add(ResourceHelper.fromString("phases.camel.yaml", phases.toString()));
            PluginHelper.getRoutesLoader(camel).loadRoutes(routes.toArray(Resource[]::new));
            camel.addRoutes(new RouteBuilder() {
                @Override
                public void configure() {
                    for (Phase p : Phase.values()) {
                        // the next phase's message exists: it is taken and entered before the hand-on's exchange ends
                        from("direct:handed-on-" + p.id()).process(e -> {
                            e.getContext().createProducerTemplate().sendBodyAndHeaders("seda:" + p.id(), e.getIn().getBody(String.class),
                                    Map.of());
                            long until = System.nanoTime() + Duration.ofSeconds(10).toNanos();
                            while (!entered(runDir, p) && System.nanoTime() < until) {
                                Thread.sleep(10);
                            }
                        });
                    }
                }
            });
            camel.start();

            // when the run's first message comes
            ProducerTemplate producer = camel.createProducerTemplate();
            producer.sendBody("seda:discover", new PhaseMessage("h1-1", runDir, "h1", Phase.DISCOVER, 1, Instant.now()).toJsonText());

            // then every phase was entered once and left completed before the next was entered, the run finished, its host free
            long until = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (!(RunStore.open(runDir).statusSnapshot().path("state").asText().equals("completed") && holders.holder("h1").isEmpty())
                    && System.nanoTime() < until) {
                Thread.sleep(20);
            }
            List<String> order = new ArrayList<>();
            for (JsonNode e : JsonlLedger.read(runDir.resolve("events.jsonl")).records()) {
                String event = e.path("event").asText();
                if (event.equals("phase_entered") || event.equals("phase_left")) {
                    order.add(event + " " + e.path("phase").asText() + (e.has("outcome") ? " " + e.path("outcome").asText() : ""));
                }
            }
            List<String> expected = new ArrayList<>();
            for (Phase p : Phase.values()) {
                expected.add("phase_entered " + p.id());
                expected.add("phase_left " + p.id() + " completed");
            }
            assertThat(order).containsExactlyElementsOf(expected);
            assertThat(RunStore.open(runDir).statusSnapshot().path("state").asText()).isEqualTo("completed");
            assertThat(holders.holder("h1")).isEmpty();
        }
    }

    private static boolean entered(Path runDir, Phase phase) {
        return JsonlLedger.read(runDir.resolve("events.jsonl")).records().stream()
                .anyMatch(e -> e.path("event").asText().equals("phase_entered") && e.path("phase").asText().equals(phase.id()));
    }
}
