package org.sth.automation.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sth.automation.Cli;
import org.sth.automation.demo.DemoEnvironment;
import org.sth.automation.io.Json;

/** A step whose heartbeat stops is reported stalled while it is still "running"; resume then finishes the run. */
class StallIT {

    @Test
    void frozenControllerIsReportedStalledThenResumed(@TempDir Path dir) throws Exception {
        String extra = """
                [execution.max_execution_secs_per_adapter]
                bounds-probe = 60
                """;
        try (DemoEnvironment env = DemoEnvironment.start(dir, 0, null)) {
            String toml = Files.readString(env.config()).replace("heartbeat_secs = 2", "heartbeat_secs = 1") + "\n" + extra;
            Files.writeString(env.config(), toml);
            Process controller = Cli.controller(dir.resolve("controller.log"), "run", "--config", env.config().toString(),
                    "--host", DemoEnvironment.HOST, "--benchmarks", "bounds-probe").start();
            try {
                // given the controller is in the never-ending execute step, beating
                Path run = await().atMost(Duration.ofSeconds(90)).until(() -> org.sth.automation.RunDirectoryAssertions.findRun(dir.resolve("automation-runs")),
                        r -> r != null && org.sth.automation.RunDirectoryAssertions.read(r.resolve("events.jsonl"))
                                .contains("\"event\":\"heartbeat\",\"adapter\":\"bounds-probe\",\"phase\":\"execute\""));
                Cli.Result fresh = Cli.run("status", "--run-dir", run.toString());
                assertThat(fresh.out()).contains("State:     running", "Monitor:   running");

                // when the controller freezes (no more heartbeats)
                new ProcessBuilder("kill", "-STOP", Long.toString(controller.pid())).start().waitFor(10, TimeUnit.SECONDS);

                // then status says stalled while the state is still running
                await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500))
                        .until(() -> Cli.run("status", "--run-dir", run.toString()).out().contains("Attention: stalled"));
                var status = Json.parse(Cli.run("status", "--run-dir", run.toString(), "--json").out()).path("status");
                assertThat(status.path("state").asText()).isEqualTo("running");
                assertThat(status.path("monitoring").path("state").asText()).isEqualTo("stalled");
                assertThat(status.path("alerts").path("primary").path("kind").asText()).isEqualTo("phase_stalled");
                assertThat(status.path("next_commands").toString()).contains("resume --run-dir");

                // and after the frozen controller is gone, resume finishes the run
                controller.destroyForcibly();
                new ProcessBuilder("kill", "-CONT", Long.toString(controller.pid())).start().waitFor(10, TimeUnit.SECONDS);
                assertThat(controller.waitFor(30, TimeUnit.SECONDS)).isTrue();
                org.sth.automation.RunDirectoryAssertions.assertStatusRebuildsFromEvents(run);
                Files.writeString(env.config(), toml.replace("bounds-probe = 60", "bounds-probe = 2"));
                Cli.Result resumed = Cli.run("resume", "--run-dir", run.toString(), "--timeout", "PT3M");
                assertThat(resumed.out()).contains("run completed_with_failures");
                assertThat(Json.readObject(run.resolve("status.json")).path("monitoring").path("state").asText()).isEqualTo("idle");
            } finally {
                controller.destroyForcibly();
                new ProcessBuilder("kill", "-CONT", Long.toString(controller.pid())).start().waitFor(10, TimeUnit.SECONDS);
            }
        }
    }

}
