package org.sth.automation.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sth.automation.Cli;
import org.sth.automation.demo.DemoEnvironment;
import org.sth.automation.demo.KeyMaterial;
import org.sth.automation.demo.LoopbackSshServer;
import org.sth.automation.io.AtomicFiles;
import org.sth.automation.io.Json;
import org.sth.automation.observe.HttpOptions;

/**
 * The daemon end to end, as an operator and an agent drive it: {@code serve} with HTTP; three requests on two hosts;
 * the second host goes away in execute, so that run lands in recovery (at most one Camel redelivery, then the host's
 * two connection attempts, no more); health and metrics say so at each stage; {@code replay} over HTTP (refused without the token)
 * completes it; SIGTERM while the third request's runs are in flight marks them interrupted; a restarted serve
 * resumes them ({@code run_resumed}, attempt 2) to their end.
 */
class ServeEndToEndIT {

    private static final String TOKEN = "e2e-token-0123456789abcdef";

    private static Path runDir(Path work, String requestId, int index) {
        return Path.of(Json.readObject(work.resolve("requests/" + requestId + ".json")).path("runs").get(index).path("run_dir").asText());
    }

    private static JsonNode status(Path run) {
        return Json.readObject(run.resolve("status.json"));
    }

    private static String events(Path run) throws Exception {
        // the request record is written before its run directories: a run may not have its events yet
        Path events = run.resolve("events.jsonl");
        return Files.exists(events) ? Files.readString(events) : "";
    }

    private static double metric(int port, String line) {
        for (String l : Http.get(port, "/observe/metrics").body().split("\n")) {
            if (l.startsWith(line + " ")) {
                return Double.parseDouble(l.substring(line.length() + 1).strip());
            }
        }
        return -1;
    }

    private static Process serve(Path dir, Path config, int port, String log) throws Exception {
        ProcessBuilder pb = Cli.controller(dir.resolve(log), "serve", "--config", config.toString(), "--http-port", Integer.toString(port));
        pb.environment().put(HttpOptions.TOKEN_ENV, TOKEN);
        return pb.start();
    }

    private static void stop(Process p) throws Exception {
        new ProcessBuilder("kill", "-TERM", Long.toString(p.pid())).start().waitFor(10, TimeUnit.SECONDS);
        assertThat(p.waitFor(90, TimeUnit.SECONDS)).as("serve stops on SIGTERM").isTrue();
    }

    @Test
    void threeRequestsTwoHostsRecoveryReplayOverHttpSigtermAndRestart(@TempDir Path dir) throws Exception {
        int port = org.sth.automation.OpenSshd.freePort();
        Path state2 = dir.resolve("server2-state");
        KeyMaterial key2 = KeyMaterial.generate(dir.resolve("keys/id_two"), "demo-two");
        LoopbackSshServer server2 = LoopbackSshServer.start(LoopbackSshServer.Options.keys(state2, key2.publicKey()));
        int port2 = server2.port();
        String second = """
                [auth_refs.two_key]
                type = "key_file"
                value = "keys/id_two"

                [[hosts]]
                name = "demo-two"
                hostname = "127.0.0.1"
                port = %d
                username = "%s"
                auth_ref = "two_key"

                [hosts.retry]
                attempts = 2
                backoff_secs = 1
                connect_timeout_secs = 5

                [execution.max_execution_secs_per_adapter]
                bounds-probe = 90
                """.formatted(port2, System.getProperty("user.name"));
        Process serve = null;
        try (DemoEnvironment env = DemoEnvironment.start(dir, 0, second)) {
            Files.writeString(dir.resolve("known_hosts"), server2.knownHostsLine("127.0.0.1") + "\n", java.nio.file.StandardOpenOption.APPEND);
            Path work = dir.resolve("work");
            serve = serve(dir, env.config(), port, "serve-1.log");
            await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(300))
                    .until(() -> Http.get(port, "/observe/health"), a -> a.code() == 200 && a.body().contains("\"UP\""));
            // Camel JBang's connector is not asked for, so nothing is written to the operator's home (nor costs a core's 5 %)
            assertThat(Path.of(System.getProperty("user.home"), ".camel", serve.pid() + "-status.json")).doesNotExist();

            // given two requests: system-info on each host
            AtomicFiles.write(work.resolve("inbox/one.toml"), "request_id = \"one\"\nhosts = [\"demo-local\"]\nbenchmarks = [\"system-info\"]\n");
            AtomicFiles.write(work.resolve("inbox/two.toml"), "request_id = \"two\"\nhosts = [\"demo-two\"]\nbenchmarks = [\"system-info\"]\n");
            await().atMost(Duration.ofSeconds(60)).until(() -> Files.exists(work.resolve("requests/one.json")) && Files.exists(work.resolve("requests/two.json")));
            Path one = runDir(work, "one", 0);
            Path two = runDir(work, "two", 0);

            // when the second host goes away while its run executes
            await().atMost(Duration.ofSeconds(240)).pollInterval(Duration.ofMillis(50))
                    .until(() -> Files.exists(two.resolve("events.jsonl")) && events(two).contains("\"event\":\"phase_entered\",\"phase\":\"execute\""));
            server2.stop();

            // then it lands in recovery: one redelivery, the host's two connection attempts, then no more
            Path parked = work.resolve("recovery/execute/" + status(two).path("run_id").asText() + ".json");
            await().atMost(Duration.ofSeconds(120)).until(() -> "recovery".equals(status(two).path("state").asText()));
            JsonNode sidecar = Json.readObject(work.resolve("recovery/execute/" + status(two).path("run_id").asText() + ".error.json"));
            assertThat(parked).exists();
            // (a command cut off mid-way is redelivered once; the reconnect then makes the host policy's 2 attempts and
            // stops there; a host already gone at the next command goes straight to the 2 attempts)
            assertThat(sidecar.path("redeliveries").asInt()).isBetween(0, 1);
            assertThat(sidecar.path("attempts").asInt()).isEqualTo(1 + sidecar.path("redeliveries").asInt());
            assertThat(sidecar.path("connection_attempts").asInt()).isEqualTo(2);
            assertThat(sidecar.path("error").asText()).contains("gave up after 2 attempts");
            // and health and metrics say so
            await().atMost(Duration.ofSeconds(240)).until(() -> "completed".equals(status(one).path("state").asText()));
            Http.Answer health = Http.get(port, "/observe/health");
            assertThat(health.code()).isEqualTo(503);
            JsonNode down = Json.parse(health.body());
            assertThat(down.path("status").asText()).isEqualTo("DOWN");
            assertThat(down.path("checks").toString()).contains("sth-recovery", "execute " + status(two).path("run_id").asText());
            assertThat(Http.get(port, "/observe/health/live").code()).as("the controller itself is alive").isEqualTo(200);
            assertThat(metric(port, "sth_recovery_messages{phase=\"execute\"}")).isEqualTo(1.0);
            assertThat(metric(port, "sth_runs_finished_total{outcome=\"completed\"}")).isEqualTo(1.0);
            assertThat(metric(port, "sth_runs{state=\"recovery\"}")).isEqualTo(1.0);
            assertThat(metric(port, "sth_commands_total{outcome=\"ok\"}")).isPositive();
            assertThat(metric(port, "sth_phase_duration_seconds_count{outcome=\"completed\",phase=\"discover\"}")).isGreaterThanOrEqualTo(2.0);
            // the listing says what is parked, over HTTP as on the CLI
            assertThat(Http.get(port, "/api/recovery").body()).contains("\"id\" : \"execute/" + status(two).path("run_id").asText());

            // when the host is back and an agent replays over HTTP: refused without the token, done with it
            server2 = LoopbackSshServer.start(LoopbackSshServer.Options.keys(state2, key2.publicKey()).withPort(port2));
            String body = "{\"id\": \"execute/" + status(two).path("run_id").asText() + "\"}";
            assertThat(Http.post(port, "/api/recovery/replay", null, body).code()).isEqualTo(401);
            assertThat(Http.post(port, "/api/recovery/replay", "wrong-token-0123456789", body).code()).isEqualTo(401);
            assertThat(parked).exists();
            Http.Answer replayed = Http.post(port, "/api/recovery/replay", TOKEN, body);
            assertThat(replayed.code()).as(replayed.toString()).isEqualTo(200);
            assertThat(replayed.body()).contains("\"schema\" : \"sth-bench-automation/result/v2\"", "\"command\" : \"replay\"");

            // then the run completes and health is UP again
            await().atMost(Duration.ofSeconds(240)).until(() -> "completed".equals(status(two).path("state").asText()));
            assertThat(Json.readObject(work.resolve("recovery/.replayed/execute").resolve(
                    Files.list(work.resolve("recovery/.replayed/execute")).findFirst().orElseThrow().getFileName())).path("first_failed_at").asText())
                    .isEqualTo(sidecar.path("first_failed_at").asText());
            await().atMost(Duration.ofSeconds(30)).until(() -> Http.get(port, "/observe/health").code() == 200);
            assertThat(metric(port, "sth_recovery_messages{phase=\"execute\"}")).isEqualTo(0.0);

            // given a third request whose runs never finish on their own (bounds-probe), both hosts
            AtomicFiles.write(work.resolve("inbox/three.toml"), "request_id = \"three\"\nhosts = [\"demo-local\", \"demo-two\"]\nbenchmarks = [\"bounds-probe\"]\n");
            await().atMost(Duration.ofSeconds(60)).until(() -> Files.exists(work.resolve("requests/three.json")));
            Path threeA = runDir(work, "three", 0);
            Path threeB = runDir(work, "three", 1);
            await().atMost(Duration.ofSeconds(240)).pollInterval(Duration.ofMillis(200))
                    .until(() -> (events(threeA) + events(threeB)).contains("\"event\":\"heartbeat\",\"adapter\":\"bounds-probe\",\"phase\":\"execute\""));
            // the run not in execute now waits for the execute route: queued, not stalled
            Path waiting = events(threeA).contains("\"adapter\":\"bounds-probe\",\"phase\":\"execute\"") ? threeB : threeA;
            Path executing = waiting == threeA ? threeB : threeA;

            // when the operator stops serve
            stop(serve);

            // then both are interrupted, resumable
            assertThat(status(executing).path("state").asText()).isEqualTo("interrupted");
            assertThat(status(waiting).path("state").asText()).isIn("interrupted", "queued");
            assertThat(Files.readString(dir.resolve("serve-1.log"))).contains("Accepted: ", "Finished: ", "Interrupted: ");

            // when serve starts again (with a short ceiling now)
            Files.writeString(env.config(), Files.readString(env.config()).replace("bounds-probe = 90", "bounds-probe = 3"));
            serve = serve(dir, env.config(), port, "serve-2.log");

            // then it resumes them, says so, and they reach their end
            await().atMost(Duration.ofSeconds(300)).until(() -> status(threeA).path("state").asText().startsWith("completed")
                    && status(threeB).path("state").asText().startsWith("completed"));
            String resumed = events(executing);
            assertThat(resumed.substring(resumed.indexOf("run_interrupted"))).contains("\"event\":\"run_resumed\"", "\"attempt\":2");
            assertThat(status(executing).path("phases").path("execute").path("state").asText()).isEqualTo("completed");
            assertThat(Files.readString(dir.resolve("serve-2.log"))).contains("Resumed: " + status(executing).path("run_id").asText());
        } finally {
            if (serve != null) {
                serve.destroy();
                serve.waitFor(60, TimeUnit.SECONDS);
            }
            server2.close();
        }
    }
}
