package org.sth.automation.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sth.automation.Cli;
import org.sth.automation.demo.DemoEnvironment;
import org.sth.automation.io.Json;

/**
 * agentsth packaging like the original, bundle-first: {@code validate --scope all} and the run's preflight agree,
 * from the one classifier, in every case: a source build that needs cargo (bootstrapped by the stage), the bundle that
 * build left in the captured cache, that bundle configured, and nothing at all (blocked).
 */
class AgentsthPackagingIT {

    /** A PATH without this machine's cargo, so the loopback host lacks it. */
    private static final String NO_CARGO = "/usr/local/bin:/usr/bin:/bin";

    @BeforeAll
    static void fast() {
        Cli.fastRoutes();
    }

    private static JsonNode validated(DemoEnvironment env) {
        Cli.Result v = Cli.run("validate", "--config", env.config().toString(), "--host", DemoEnvironment.HOST, "--scope", "all",
                "--benchmarks", "agentsth");
        JsonNode report = Json.parse(v.out());
        return report.path("hosts").get(0);
    }

    private static JsonNode preflight(Path run) {
        return Json.readObject(run.resolve("state/steps/preflight/preflight.json")).path("details").path("readiness").path("agentsth");
    }

    private static Cli.Result run(DemoEnvironment env) {
        return Cli.run("run", "--config", env.config().toString(), "--host", DemoEnvironment.HOST, "--benchmarks", "agentsth",
                "--timeout", "PT3M");
    }

    @Test
    void sourceBuildWithBootstrapThenCapturedCacheThenConfiguredBundleThenBlocked(@TempDir Path dir) throws Exception {
        try (DemoEnvironment env = DemoEnvironment.start(dir, 0, null, o -> o.withHome(dir.resolve("home")).withPath(NO_CARGO))) {
            // given: a cargo-built agentsth, a host without cargo, and a rustup bootstrap that installs a stand-in cargo
            AgentsthStandIn.write(dir.resolve("agentsth-repo"));
            String base = Files.readString(env.config());
            String bootstrap = "\n[execution.bootstrap_commands]\nrustup = \"mkdir -p $HOME/.cargo/bin && printf '#!/bin/sh\\\\nsh build.sh\\\\n' "
                    + "> $HOME/.cargo/bin/cargo && chmod +x $HOME/.cargo/bin/cargo\"\n";
            Files.writeString(env.config(), AgentsthStandIn.withRepo(base, "agentsth-repo")
                    + bootstrap + AgentsthStandIn.policy("build_command = \"cargo build --release\""));

            // when: source build with bootstrap
            JsonNode v1 = validated(env);
            Cli.Result r1 = run(env);

            // then: both say ready_via_source_build with rustup, and the stage bootstrapped, built and captured
            assertThat(v1.path("readiness").path("agentsth").path("status").asText()).as(v1.toString()).isEqualTo("ready_via_source_build");
            assertThat(v1.path("readiness").path("agentsth").path("bootstrap")).extracting(JsonNode::asText).containsExactly("rustup");
            assertThat(r1.exit()).as(r1.toString()).isZero();
            JsonNode p1 = preflight(r1.runDir());
            assertThat(p1.path("status").asText()).isEqualTo(v1.path("readiness").path("agentsth").path("status").asText());
            assertThat(p1.path("bootstrap")).extracting(JsonNode::asText).containsExactly("rustup");
            ObjectNode stage1 = Json.readObject(r1.runDir().resolve("state/steps/agentsth/stage.json")).with("details");
            assertThat(stage1.path("bootstrapped").get(0).path("bootstrap").asText()).isEqualTo("rustup");
            assertThat(stage1.path("source_build_outcome").asText()).isEqualTo("ok");
            assertThat(stage1.path("capture").path("outcome").asText()).as(stage1.toString()).isEqualTo("captured");
            String stem = stage1.path("capture").path("bundle").asText();
            Path captured = dir.resolve("bundle-cache").resolve(stem + ".tar.gz");
            assertThat(captured).exists();
            assertThat(Json.readObject(dir.resolve("bundle-cache").resolve(stem + ".manifest.json")).path("arch").asText())
                    .isEqualTo(Json.readObject(r1.runDir().resolve("host_inventory_snapshot.json")).path("arch").asText());

            // when: the next run on this (same-arch) host
            JsonNode v2 = validated(env);
            Cli.Result r2 = run(env);

            // then: bundle-first, from the captured cache, in validation and run alike, and the run executes from the bundle
            assertThat(v2.path("readiness").path("agentsth").path("status").asText()).isEqualTo("ready");
            assertThat(v2.path("readiness").path("agentsth").path("basis").asText()).isEqualTo("captured_cache");
            assertThat(r2.exit()).as(r2.toString()).isZero();
            assertThat(preflight(r2.runDir()).path("basis").asText()).isEqualTo("captured_cache");
            ObjectNode stage2 = Json.readObject(r2.runDir().resolve("state/steps/agentsth/stage.json")).with("details");
            assertThat(stage2.path("basis").asText()).isEqualTo("captured_cache");
            assertThat(stage2.has("source_build_command")).isFalse();
            assertThat(Json.readObject(r2.runDir().resolve("benchmarks/agentsth/official-all/agent-0/results.json")).path("args").asText())
                    .isEqualTo("--profile official");

            // when: that bundle configured, without a source tree
            Path kept = dir.resolve("bundles");
            Files.createDirectories(kept);
            Files.copy(captured, kept.resolve(captured.getFileName()));
            Files.copy(dir.resolve("bundle-cache").resolve(stem + ".manifest.json"), kept.resolve(stem + ".manifest.json"));
            try (Stream<Path> s = Files.list(dir.resolve("bundle-cache"))) {
                s.filter(p -> p.getFileName().toString().startsWith("agentsth-")).forEach(p -> p.toFile().delete());
            }
            Files.writeString(env.config(), base + bootstrap + AgentsthStandIn.policy("") + "\n[bundles.agentsth]\npath = \"bundles/"
                    + captured.getFileName() + "\"\n");
            JsonNode v3 = validated(env);
            Cli.Result r3 = run(env);

            // then
            assertThat(v3.path("readiness").path("agentsth").path("basis").asText()).as(v3.toString()).isEqualTo("configured_bundle");
            assertThat(v3.path("readiness").path("agentsth").path("status").asText()).isEqualTo("ready");
            assertThat(r3.exit()).as(r3.toString()).isZero();
            assertThat(preflight(r3.runDir()).path("basis").asText()).isEqualTo("configured_bundle");

            // when: no bundle and no source tree
            Files.writeString(env.config(), base + AgentsthStandIn.policy(""));
            JsonNode v4 = validated(env);
            Cli.Result r4 = run(env);

            // then: blocked in both, never a "ready" that fails at stage
            assertThat(v4.path("readiness").path("agentsth").path("status").asText()).isEqualTo("packaging_blocked");
            assertThat(v4.path("readiness").path("agentsth").path("status_basis").asText()).contains("no source tree on the controller");
            assertThat(r4.exit()).isNotZero();
            assertThat(preflight(r4.runDir()).path("status").asText()).isEqualTo("packaging_blocked");
            ObjectNode stage4 = Json.readObject(r4.runDir().resolve("state/steps/agentsth/stage.json"));
            assertThat(stage4.path("outcome").asText()).isEqualTo("blocked");
        }
    }
}
