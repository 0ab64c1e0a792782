package org.sth.automation.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sth.automation.Cli;
import org.sth.automation.demo.DemoEnvironment;
import org.sth.automation.run.Json;
import org.sth.automation.run.JsonlLedger;

/**
 * Staging through the one resolver and classifier: {@code validate --scope staging} (dry) and
 * {@code --scope all} (live) agree with preflight; a cached bundle is verified, uploaded through the
 * transfer ledger and unpacked; a corrupt bundle is refused with its reason.
 */
class StagingIT {

    @BeforeAll
    static void fast() {
        Cli.fastRoutes();
    }

    @Test
    void cachedLatencyBundleIsVerifiedUploadedAndItsMissingRunnerReported(@TempDir Path dir) {
        try (DemoEnvironment env = DemoEnvironment.start(dir, 0, null)) {
            // dry and live validation classify the same way
            Cli.Result dry = Cli.run("validate", "--config", env.config().toString(), "--scope", "staging", "--benchmarks", "latency,system-info");
            Cli.Result live = Cli.run("validate", "--config", env.config().toString(), "--scope", "all", "--benchmarks", "latency,system-info");
            assertThat(dry.exit()).as(dry.toString()).isZero();
            JsonNode dryLatency = Json.parse(dry.out()).path("hosts").get(0).path("readiness").path("latency");
            assertThat(dryLatency.path("status").asText()).isEqualTo("ready");
            assertThat(dryLatency.path("basis").asText()).isEqualTo("captured_cache");
            JsonNode liveHost = Json.parse(live.out()).path("hosts").get(0);
            assertThat(liveHost.path("readiness_basis").asText()).startsWith("live");
            assertThat(liveHost.path("readiness").path("latency").path("validated_readiness_status").asText()).isEqualTo("ready");
            assertThat(liveHost.path("readiness").path("system-info").path("basis").asText()).isEqualTo("not_required");

            // when the run stages and executes latency
            Cli.Result r = Cli.run("run", "--config", env.config().toString(), "--host", DemoEnvironment.HOST,
                    "--benchmarks", "latency", "--timeout", "PT3M");

            // then the bundle went up through the transfer ledger with its verified digest
            Path run = r.runDir();
            ObjectNode stage = Json.readObject(run.resolve("state/steps/latency/stage.json"));
            assertThat(stage.path("outcome").asText()).isEqualTo("completed");
            assertThat(stage.path("details").path("basis").asText()).isEqualTo("captured_cache");
            String sha = stage.path("details").path("sha256").asText();
            List<ObjectNode> transfers = JsonlLedger.read(run.resolve("transfer_ledger.jsonl")).records();
            assertThat(transfers).singleElement().satisfies(t -> {
                assertThat(t.path("direction").asText()).isEqualTo("upload");
                assertThat(t.path("sha256").asText()).isEqualTo(sha);
                assertThat(t.path("outcome").asText()).isEqualTo("ok");
            });
            // and the missing runner is a clear failure, not a silent success
            ObjectNode execute = Json.readObject(run.resolve("state/steps/latency/execute.json"));
            assertThat(execute.path("outcome").asText()).isEqualTo("failed");
            assertThat(execute.path("details").path("reason").asText()).contains("core-to-core-latency not found on PATH", "cargo install");
            assertThat(r.exit()).isEqualTo(1);
        }
    }

    @Test
    void corruptCachedBundleIsRefusedWithItsReasonAndTheFallbackRecorded(@TempDir Path dir) throws Exception {
        try (DemoEnvironment env = DemoEnvironment.start(dir, 0, null)) {
            // given the cached wrapper's bytes no longer match its manifest
            Path archive = dir.resolve("bundle-cache/latency-wrapper-1.0.0-linux-any.tar.gz");
            byte[] bytes = Files.readAllBytes(archive);
            bytes[bytes.length / 2] ^= 0x5a;
            Files.write(archive, bytes);

            // when
            Cli.Result dry = Cli.run("validate", "--config", env.config().toString(), "--scope", "staging", "--benchmarks", "latency");

            // then
            JsonNode latency = Json.parse(dry.out()).path("hosts").get(0).path("readiness").path("latency");
            assertThat(latency.path("packaging").path("rejected").toString()).contains("captured_cache", "sha256");
            assertThat(latency.path("basis").asText()).isNotEqualTo("captured_cache");
            assertThat(latency.path("status").asText()).isEqualTo("bundle_invalid_fallback_available");
        }
    }
}
