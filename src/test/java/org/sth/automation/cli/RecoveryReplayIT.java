package org.sth.automation.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sth.automation.Cli;
import org.sth.automation.demo.DemoEnvironment;
import org.sth.automation.io.Json;

/** A permanently failing step lands in recovery/<phase>/ with its sidecar; replay after the fix completes the run. */
class RecoveryReplayIT {

    @BeforeAll
    static void fast() {
        Cli.fastRoutes();
    }

    @Test
    void missingKeyFileGoesToRecoveryAndReplayCompletesAfterTheFix(@TempDir Path dir) throws Exception {
        try (DemoEnvironment env = DemoEnvironment.start(dir, 0, null)) {
            // given the host's key file is gone
            Path key = dir.resolve("keys/id_demo");
            Path away = dir.resolve("keys/id_demo.away");
            Files.move(key, away);

            // when
            Cli.Result r = Cli.run("run", "--config", env.config().toString(), "--host", DemoEnvironment.HOST,
                    "--benchmarks", "system-info", "--timeout", "PT2M");

            // then the run stops in recovery, with a sidecar that says what and how to replay
            assertThat(r.exit()).as(r.toString()).isEqualTo(1);
            assertThat(r.out()).contains("moved to recovery", "Result: recovery");
            Path run = r.runDir();
            String runId = run.getParent().getFileName() + "-" + run.getFileName();
            Path message = dir.resolve("work/recovery/discover/" + runId + ".json");
            Path sidecar = dir.resolve("work/recovery/discover/" + runId + ".error.json");
            assertThat(message).exists();
            ObjectNode error = Json.readObject(sidecar);
            assertThat(error.path("phase").asText()).isEqualTo("discover");
            assertThat(error.path("host").asText()).isEqualTo(DemoEnvironment.HOST);
            assertThat(error.path("run_id").asText()).isEqualTo(runId);
            assertThat(error.path("error").asText()).contains("missing_key_file");
            assertThat(error.path("exception_chain")).isNotEmpty();
            assertThat(error.path("redeliveries").asInt()).as("a missing key cannot improve by retrying").isZero();
            assertThat(error.path("first_failed_at").asText()).isNotEmpty();
            assertThat(error.path("failed_at").asText()).isNotEmpty();
            assertThat(error.path("replay_command").asText()).endsWith("replay " + message);
            ObjectNode status = Json.readObject(run.resolve("status.json"));
            assertThat(status.path("state").asText()).isEqualTo("recovery");
            assertThat(status.path("next_commands").toString()).contains("replay " + message);
            assertThat(status.path("alerts").path("primary").path("kind").asText()).isEqualTo("phase_in_recovery");
            assertThat(Json.readObject(run.resolve("state/steps/host/discover.json")).path("outcome").asText()).isEqualTo("failed");
            assertThat(dir.resolve("work/spool/discover")).isEmptyDirectory();

            // when the cause is fixed and the message replayed
            Files.move(away, key);
            Cli.Result replayed = Cli.run("replay", message.toString(), "--timeout", "PT2M");

            // then the run completes and the recovery queue is empty
            assertThat(replayed.exit()).as(replayed.toString()).isZero();
            assertThat(replayed.out()).contains("run completed");
            assertThat(message).doesNotExist();
            assertThat(sidecar).doesNotExist();
            assertThat(Json.readObject(run.resolve("status.json")).path("state").asText()).isEqualTo("completed");
        }
    }
}
