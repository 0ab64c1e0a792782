package org.sth.automation.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sth.automation.Cli;
import org.sth.automation.demo.DemoEnvironment;
import org.sth.automation.io.Json;

/**
 * Tried as an agent: no {@code replay --list}, no {@code --json} but on {@code status}, no listing by run or request
 * id, {@code help} missing for verbs. Now every verb has help, and run, replay (list, one, a phase's all), runs and
 * validate answer with one JSON document of one schema on standard output, progress on standard error.
 */
class AgentApiIT {

    @BeforeAll
    static void fast() {
        Cli.fastRoutes();
    }

    private static JsonNode json(Cli.Result r) {
        JsonNode n = Json.parse(r.out());
        assertThat(n.path("schema").asText()).as(r.toString()).isEqualTo("sth-bench-automation/result/v2");
        assertThat(n.path("exit_code").asInt()).isEqualTo(r.exit());
        assertThat(n.path("ok").asBoolean()).isEqualTo(r.exit() == 0);
        assertThat(n.has("error") && n.has("messages")).isTrue();
        return n;
    }

    @Test
    void everyVerbHasHelp() {
        for (String verb : new String[] {"validate", "run", "serve", "status", "runs", "resume", "recover", "replay", "plan", "demo", "demo-server"}) {
            Cli.Result help = Cli.run("help", verb);
            assertThat(help.exit()).as(verb + ": " + help).isZero();
            assertThat(help.out()).startsWith("Usage: sth-bench-automation " + verb);
            Cli.Result dashHelp = Cli.run(verb, "--help");
            assertThat(dashHelp.exit()).as(verb + " --help: " + dashHelp).isZero();
            assertThat(dashHelp.out()).startsWith("Usage: sth-bench-automation " + verb).doesNotContain("Missing required");
        }
    }

    @Test
    void runReplayRunsAndValidateAnswerInOneJsonSchema(@TempDir Path dir) throws Exception {
        try (DemoEnvironment env = DemoEnvironment.start(dir, 0, null)) {
            String config = env.config().toString();
            // given a run that lands in recovery (its key is gone)
            Path key = dir.resolve("keys/id_demo");
            Files.move(key, dir.resolve("keys/id_demo.away"));
            Cli.Result run = Cli.run("run", "--config", config, "--host", DemoEnvironment.HOST, "--benchmarks", "system-info",
                    "--timeout", "PT2M", "--json");
            JsonNode ran = json(run);
            assertThat(run.exit()).isEqualTo(1);
            assertThat(run.err()).contains("Run directory: ", "moved to recovery");
            JsonNode r0 = ran.path("runs").get(0);
            assertThat(r0.path("state").asText()).isEqualTo("recovery");
            assertThat(r0.path("request_id").asText()).startsWith("cli-");
            String runId = r0.path("run_id").asText();

            // when an agent lists the recovery queues
            JsonNode listed = json(Cli.run("replay", "--list", "--config", config, "--json"));

            // then it sees the message, its error summary and how to replay it
            JsonNode entry = listed.path("recovery").get(0);
            assertThat(entry.path("id").asText()).isEqualTo("discover/" + runId);
            assertThat(entry.path("error").asText()).contains("missing_key_file");
            assertThat(entry.path("attempts").asInt()).isEqualTo(1);
            assertThat(entry.path("replay_command").asText()).contains("replay ");
            assertThat(Cli.run("replay", "--list", "--config", config).out()).contains("discover/" + runId);

            // and the runs by request id and by run id
            JsonNode runs = json(Cli.run("runs", "--config", config, "--request-id", r0.path("request_id").asText(), "--json"));
            assertThat(runs.path("runs")).singleElement().satisfies(x -> assertThat(x.path("run_id").asText()).isEqualTo(runId));
            Cli.Result unknown = Cli.run("runs", "--config", config, "--run-id", "nope", "--json");
            assertThat(unknown.exit()).isEqualTo(2);
            assertThat(json(unknown).path("error").path("kind").asText()).isEqualTo("not_found");

            // and validate, every scope, including its usage errors
            JsonNode valid = json(Cli.run("validate", "--config", config, "--json"));
            assertThat(valid.path("report").path("ok").asBoolean()).isTrue();
            Cli.Result bad = Cli.run("validate", "--config", config, "--scope", "bogus", "--json");
            assertThat(bad.exit()).isEqualTo(2);
            assertThat(json(bad).path("error").path("kind").asText()).isEqualTo("usage");
            Cli.Result conn = Cli.run("validate", "--config", config, "--scope", "connectivity", "--json");
            assertThat(json(conn).path("report").path("ok").asBoolean()).isFalse();

            // when the key is back and the agent replays by id
            Files.move(dir.resolve("keys/id_demo.away"), key);
            Cli.Result replay = Cli.run("replay", "discover/" + runId, "--config", config, "--timeout", "PT3M", "--json", "--progress", "plain");

            // then the run completes; the document says so, the progress (with the real attempt) went to stderr
            JsonNode replayed = json(replay);
            assertThat(replay.exit()).as(replay.toString()).isZero();
            assertThat(replayed.path("replayed").get(0).path("id").asText()).isEqualTo("discover/" + runId);
            assertThat(replayed.path("runs").get(0).path("state").asText()).isEqualTo("completed");
            assertThat(replay.err()).contains("resumed at discover (replay)", "discover: started (attempt 2)", "run completed");
            assertThat(json(Cli.run("replay", "--list", "--config", config, "--json")).path("recovery")).isEmpty();
            Cli.Result none = Cli.run("replay", "--phase", "discover", "--all", "--config", config, "--json", "--no-wait");
            assertThat(none.exit()).isZero();
            assertThat(json(none).path("messages").toString()).contains("No message waits in recovery/discover");
        }
    }
}
