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
    void dryAndLiveValidationShareTheClassifierAndDifferOnlyInTheFacts(@TempDir Path dir) {
        try (DemoEnvironment env = DemoEnvironment.start(dir, 0, null)) {
            // when
            Cli.Result dry = Cli.run("validate", "--config", env.config().toString(), "--scope", "staging", "--benchmarks", "latency,system-info");
            Cli.Result live = Cli.run("validate", "--config", env.config().toString(), "--scope", "all", "--benchmarks", "latency,system-info");

            // then dry (host commands assumed) takes the cached wrapper bundle, verified on the controller
            assertThat(dry.exit()).as(dry.toString()).isZero();
            JsonNode dryLatency = Json.parse(dry.out()).path("hosts").get(0).path("readiness").path("latency");
            assertThat(dryLatency.path("status").asText()).isEqualTo("ready");
            assertThat(dryLatency.path("basis").asText()).isEqualTo("captured_cache");
            assertThat(dryLatency.path("status_basis").asText()).contains("verified on the controller");

            // and live (probed: this host has no core-to-core-latency) refuses the wrapper and plans a source build
            JsonNode liveHost = Json.parse(live.out()).path("hosts").get(0);
            assertThat(liveHost.path("reachable").asBoolean()).isTrue();
            assertThat(liveHost.path("readiness_basis").asText()).startsWith("live");
            JsonNode liveLatency = liveHost.path("readiness").path("latency");
            assertThat(liveLatency.path("validated_readiness_status").asText()).isEqualTo("ready_via_source_build");
            assertThat(liveLatency.path("packaging").path("rejected").toString())
                    .contains("wrapper bundle drives core-to-core-latency, which the host lacks");
            // system-info: its wrapper bundle first, the host's own tools recorded as the fallback
            JsonNode liveSysinfo = liveHost.path("readiness").path("system-info");
            assertThat(liveSysinfo.path("basis").asText()).isEqualTo("captured_cache");
            assertThat(liveSysinfo.path("packaging").path("bundle").path("name").asText()).isEqualTo("system-info-wrapper");
            assertThat(liveSysinfo.path("packaging").path("fallback").path("basis").asText()).isEqualTo("runner_fallback");
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
