package org.sth.automation.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sth.automation.Cli;
import org.sth.automation.RunDirectoryAssertions;
import org.sth.automation.demo.DemoEnvironment;
import org.sth.automation.io.Json;

/** Ctrl-C on `run` mid-step: the run is `interrupted` (not failed), the exit code says so, and `resume` continues it. */
class OperatorInterruptIT {

    @Test
    void sigintMarksTheRunInterruptedAndResumeContinuesIt(@TempDir Path dir) throws Exception {
        try (DemoEnvironment env = DemoEnvironment.start(dir, 0, null)) {
            String toml = Files.readString(env.config()) + "\n[execution.max_execution_secs_per_adapter]\nbounds-probe = 60\n";
            Files.writeString(env.config(), toml);
            ProcessBuilder pb = Cli.controller(dir.resolve("controller.log"), "run", "--config", env.config().toString(),
                    "--host", DemoEnvironment.HOST, "--benchmarks", "bounds-probe");
            // as from a terminal: a suite started in the background (cmd &) passes SIGINT down ignored, and a JVM that
            // inherits an ignored SIGINT keeps ignoring it (coreutils env restores the default)
            pb.command().addAll(0, java.util.List.of("env", "--default-signal=INT"));
            Process controller = pb.start();
            try {
                // given the never-ending step is running
                Path run = await().atMost(Duration.ofSeconds(90)).until(() -> RunDirectoryAssertions.findRun(dir.resolve("automation-runs")),
                        r -> r != null && RunDirectoryAssertions.read(r.resolve("events.jsonl"))
                                .contains("\"event\":\"heartbeat\",\"adapter\":\"bounds-probe\",\"phase\":\"execute\""));

                // when the operator presses Ctrl-C
                new ProcessBuilder("kill", "-INT", Long.toString(controller.pid())).start().waitFor(10, TimeUnit.SECONDS);
                assertThat(controller.waitFor(60, TimeUnit.SECONDS)).isTrue();

                // then
                String log = Files.readString(dir.resolve("controller.log"));
                assertThat(controller.exitValue()).as("SIGINT exit code; controller output:\n%s", log).isEqualTo(130);
                assertThat(log).contains("Interrupted: ", "resume --run-dir");
                ObjectNode status = Json.readObject(run.resolve("status.json"));
                assertThat(status.path("state").asText()).isEqualTo("interrupted");
                assertThat(status.path("steps").path("bounds-probe").path("execute").asText()).isEqualTo("interrupted");
                assertThat(status.path("alerts").path("primary").path("kind").asText()).isEqualTo("run_interrupted");
                assertThat(status.path("next_command").asText()).contains("resume --run-dir");
                assertThat(RunDirectoryAssertions.read(run.resolve("events.jsonl"))).contains("run_interrupted", "operator stopped");
                RunDirectoryAssertions.assertStatusRebuildsFromEvents(run);

                // and resume finishes it (with a short ceiling now)
                Files.writeString(env.config(), toml.replace("bounds-probe = 60", "bounds-probe = 2"));
                Cli.Result resumed = Cli.run("resume", "--run-dir", run.toString(), "--timeout", "PT3M");
                assertThat(resumed.out()).contains("run completed_with_failures");
                assertThat(Json.readObject(run.resolve("state/steps/bounds-probe/execute.json")).path("outcome").asText())
                        .isEqualTo("terminated");
            } finally {
                controller.destroyForcibly();
            }
        }
    }

}
