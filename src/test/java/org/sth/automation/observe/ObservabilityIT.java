package org.sth.automation.observe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import javax.management.ObjectName;
import org.apache.camel.console.DevConsole;
import org.apache.camel.console.DevConsoleRegistry;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sth.automation.Cli;
import org.sth.automation.config.AutomationConfig;
import org.sth.automation.config.ConfigLoader;
import org.sth.automation.demo.DemoEnvironment;
import org.sth.automation.engine.Engine;
import org.sth.automation.engine.WorkDirs;
import org.sth.automation.io.AtomicFiles;
import org.sth.automation.io.Json;
import org.sth.automation.phase.Controller;
import org.sth.automation.transport.SecretSource;

/** Runs are visible through JMX ({@code org.sth.automation:type=Runs}) and the Camel console ({@code sth-runs}). */
class ObservabilityIT {

    @BeforeAll
    static void fast() {
        Cli.fastRoutes();
    }

    @Test
    void runsShowInJmxAndTheDevConsole(@TempDir Path dir) throws Exception {
        try (DemoEnvironment env = DemoEnvironment.start(dir, 0, null)) {
            AutomationConfig cfg = ConfigLoader.load(env.config());
            WorkDirs dirs = new WorkDirs(cfg.paths().workRoot());
            try (Engine engine = Engine.standard(SecretSource.ENVIRONMENT); Controller controller = Controller.start(cfg, engine, true)) {
                // given a completed run
                AtomicFiles.write(dirs.inbox().resolve("r.toml"), "request_id = \"obs-1\"\nhosts = [\"demo-local\"]\nbenchmarks = [\"system-info\"]\n");
                Path record = dirs.requests().resolve("obs-1.json");
                await().atMost(Duration.ofSeconds(30)).until(() -> Files.exists(record));
                Path run = Path.of(Json.readObject(record).path("runs").get(0).path("run_dir").asText());
                String runId = run.getParent().getFileName() + "-" + run.getFileName();
                // the request record is written before its run directories: the status may not be there yet
                await().atMost(Duration.ofMinutes(3)).until(() -> Files.exists(run.resolve("status.json"))
                        && "completed".equals(Json.readObject(run.resolve("status.json")).path("state").asText()));

                // then JMX lists it
                var server = ManagementFactory.getPlatformMBeanServer();
                String[] runs = (String[]) server.getAttribute(new ObjectName("org.sth.automation:type=Runs"), "Runs");
                assertThat(runs).anyMatch(l -> l.startsWith(runId + " state=completed"));
                String json = (String) server.invoke(new ObjectName("org.sth.automation:type=Runs"), "statusJson",
                        new Object[] {runId}, new String[] {String.class.getName()});
                assertThat(Json.parse(json).path("state").asText()).isEqualTo("completed");
                // the phase routes are Camel MBeans too
                assertThat(server.queryNames(new ObjectName("org.apache.camel:type=routes,*"), null))
                        .anyMatch(n -> n.toString().contains("phase-execute"));

                // and so does the Camel dev console
                DevConsole console = DevConsoleRegistry.get(controller.camel()).resolveById("sth-runs");
                assertThat((String) console.call(DevConsole.MediaType.TEXT, Map.of())).contains(runId, "state=completed");

                // and no console that sends, receives or acts is there, whoever asks (HTTP, the CLI connector, Camel's scans)
                DevConsoleRegistry consoles = DevConsoleRegistry.get(controller.camel());
                for (String acting : new String[] {"send", "receive", "browse", "processor", "route-group", "debug", "trace", "reload"}) {
                    assertThat(consoles.resolveById(acting)).as(acting).isNull();
                }
                assertThat(consoles.stream().map(DevConsole::getId).toList()).contains("route", "sth-runs")
                        .allSatisfy(id -> assertThat(ReadOnlyDevConsoles.READ_ONLY).contains(id));
                String route = (String) consoles.resolveById("route").call(DevConsole.MediaType.TEXT,
                        Map.of("filter", "phase-execute", "action", "stop"));
                assertThat(route).contains("Id: phase-execute");
                assertThat(controller.camel().getRouteController().getRouteStatus("phase-execute").isStarted()).isTrue();
            }
        }
    }
}
