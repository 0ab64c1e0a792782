package org.sth.automation.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import javax.management.ObjectName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sth.automation.Cli;
import org.sth.automation.config.AutomationConfig;
import org.sth.automation.config.ConfigLoader;
import org.sth.automation.demo.DemoEnvironment;
import org.sth.automation.engine.Engine;
import org.sth.automation.engine.PhaseMessage;
import org.sth.automation.engine.WorkDirs;
import org.sth.automation.engine.recovery.RecoveryQueue;
import org.sth.automation.io.Json;
import org.sth.automation.phase.Controller;
import org.sth.automation.run.status.Phase;
import org.sth.automation.transport.SecretSource;

/** The recovery queue is listed and replayed over JMX too ({@code org.sth.automation:type=Runs}), in the agent result schema. */
class RecoveryJmxIT {

    @Test
    void replayListAndReplayAreJmxOperations(@TempDir Path dir) throws Exception {
        Cli.fastRoutes();
        try (DemoEnvironment env = DemoEnvironment.start(dir, 0, null)) {
            AutomationConfig cfg = ConfigLoader.load(env.config());
            WorkDirs dirs = new WorkDirs(cfg.paths().workRoot().toAbsolutePath());
            // given a parked message
            new RecoveryQueue(dirs).store(Phase.PUBLISH, "h9-1.json", new PhaseMessage("h9-1", dir.resolve("nowhere"), "h9", Phase.PUBLISH, 1,
                    Instant.now()).toJsonText().getBytes(StandardCharsets.UTF_8), new RuntimeException("remote rejected the push"),
                    new RecoveryQueue.Failure("h9-1", "h9", "system-info", null, 1, 0, 0));
            try (Engine engine = Engine.standard(SecretSource.ENVIRONMENT);
                    Controller controller = Controller.start(cfg, engine, new Controller.Options(false, null, new RecoveryApi(dirs), null))) {
                var server = ManagementFactory.getPlatformMBeanServer();
                ObjectName runs = new ObjectName("org.sth.automation:type=Runs");

                // when an agent asks over JMX
                String list = (String) server.invoke(runs, "replayList", new Object[0], new String[0]);
                String missing = (String) server.invoke(runs, "replay", new Object[] {"publish/nope"}, new String[] {String.class.getName()});

                // then
                var listed = Json.parse(list);
                assertThat(listed.path("schema").asText()).isEqualTo("sth-bench-automation/result/v2");
                assertThat(listed.path("recovery").get(0).path("id").asText()).isEqualTo("publish/h9-1");
                assertThat(listed.path("recovery").get(0).path("error").asText()).isEqualTo("remote rejected the push");
                assertThat(Json.parse(missing).path("error").path("message").asText()).contains("no recovery message 'publish/nope'");
            }
        }
    }
}
