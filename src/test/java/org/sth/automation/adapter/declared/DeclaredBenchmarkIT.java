package org.sth.automation.adapter.declared;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sth.automation.Cli;
import org.sth.automation.RunDirectoryAssertions;
import org.sth.automation.bundle.BundleBuilder;
import org.sth.automation.bundle.BundleManifest;
import org.sth.automation.demo.DemoEnvironment;
import org.sth.automation.io.Json;
import org.sth.automation.io.Sha256;
import org.sth.automation.run.JsonlLedger;

/**
 * A benchmark declared in the config, no Java, runs through every phase on the demo host exactly like a built-in one:
 * readiness, staging (a bundle of its own), its ceiling, collect with sha256 and globs, a parser into summary.json,
 * publish staging, recovery summary; and a missing tool, a failing command and a ceiling end as a built-in's would.
 */
class DeclaredBenchmarkIT {

    @BeforeAll
    static void fast() {
        Cli.fastRoutes();
    }

    private static void declare(DemoEnvironment env, String toml) throws Exception {
        Files.writeString(env.config(), Files.readString(env.config()) + "\n" + toml);
    }

    @Test
    void aCommandWithKeyValueOutputRunsEveryPhaseAndYieldsASummary(@TempDir Path dir) throws Exception {
        try (DemoEnvironment env = DemoEnvironment.start(dir, 0, null)) {
            // given the campaign probe of docs/adapters/custom.md: sleep, then write results
            declare(env, """
                    [benchmarks.sleep-probe]
                    description = "two seconds of nothing, then a result"
                    command = "sleep 2 && mkdir -p logs && echo 'ops=42' > result.txt && echo 'slept: 2 s' >> result.txt && echo done > logs/a.log"
                    requires = ["sleep"]
                    ceiling_secs = 60
                    heartbeat_secs = 1
                    results = ["result.txt", "logs/*.log"]
                    parser = "key=value"
                    """);

            // when
            Cli.Result r = Cli.run("run", "--config", env.config().toString(), "--host", DemoEnvironment.HOST,
                    "--benchmarks", "sleep-probe", "--timeout", "PT3M");

            // then
            assertThat(r.exit()).as(r.toString()).isZero();
            Path run = r.runDir();
            RunDirectoryAssertions.assertCompleteRunDirectory(run);
            RunDirectoryAssertions.assertEveryPhaseEnteredAndLeft(run);
            ObjectNode status = Json.readObject(run.resolve("status.json"));
            assertThat(status.path("steps").path("sleep-probe").toString())
                    .contains("\"stage\":\"completed\"", "\"execute\":\"completed\"", "\"collect\":\"completed\"", "\"publish\":\"completed\"");
            ObjectNode summary = Json.readObject(run.resolve("benchmarks/sleep-probe/summary.json"));
            assertThat(summary.path("values").path("ops").asInt()).isEqualTo(42);
            assertThat(summary.path("values").path("slept").asText()).isEqualTo("2 s");
            assertThat(run.resolve("benchmarks/sleep-probe/logs/a.log")).hasContent("done");
            // collected files are hashed in the transfer ledger and the artifact manifest
            var downloads = JsonlLedger.read(run.resolve("transfer_ledger.jsonl")).records().stream()
                    .filter(t -> "download".equals(t.path("direction").asText())).toList();
            assertThat(downloads).extracting(t -> t.path("sha256").asText())
                    .contains(Sha256.of(run.resolve("benchmarks/sleep-probe/result.txt")));
            assertThat(Files.readString(run.resolve("artifact_manifest.json"))).contains("benchmarks/sleep-probe/summary.json");
            // the command ran once, keyed, under its own ceiling, with heartbeats at its own interval
            assertThat(RunDirectoryAssertions.commandCountsByKey(run)).containsEntry("sleep-probe/execute/run", 1);
            ObjectNode exec = Json.readObject(run.resolve("state/steps/sleep-probe/execute.json"));
            assertThat(exec.path("details").path("ceiling_secs").asLong()).isEqualTo(60);
            assertThat(JsonlLedger.read(run.resolve("events.jsonl")).records())
                    .anyMatch(e -> "heartbeat".equals(e.path("event").asText()) && "sleep-probe".equals(e.path("adapter").asText()));
            assertThat(run.resolve("preflight/summary.md")).content().contains("sleep-probe");
        }
    }

    @Test
    void aBundleOfItsOwnIsVerifiedStagedAndItsScriptRuns(@TempDir Path dir) throws Exception {
        try (DemoEnvironment env = DemoEnvironment.start(dir, 0, null)) {
            // given a bundle holding the benchmark's script, named after the benchmark
            Path src = Files.createDirectories(dir.resolve("probe-src"));
            Files.writeString(src.resolve("run.sh"), "printf '{\"score\": 7, \"unit\": \"pts\"}' > result.json\n");
            Path archive = dir.resolve("bundles/json-probe-1.0.0-linux-any.tar.gz");
            String sha = BundleBuilder.build(src, archive, "");
            new BundleManifest("json-probe", "1.0.0", "linux", "any", sha, List.of("json-probe"), "sh run.sh", List.of("result.json"))
                    .write(BundleManifest.manifestBeside(archive));
            declare(env, """
                    [benchmarks.json-probe]
                    script = "run.sh"
                    bundle = "bundles/json-probe-1.0.0-linux-any.tar.gz"
                    results = ["result.json"]
                    parser = "json"
                    """);

            // when
            Cli.Result r = Cli.run("run", "--config", env.config().toString(), "--host", DemoEnvironment.HOST,
                    "--benchmarks", "json-probe", "--timeout", "PT3M");

            // then
            assertThat(r.exit()).as(r.toString()).isZero();
            Path run = r.runDir();
            ObjectNode stage = Json.readObject(run.resolve("state/steps/json-probe/stage.json"));
            assertThat(stage.path("details").path("basis").asText()).isEqualTo("configured_bundle");
            assertThat(stage.path("details").path("sha256").asText()).isEqualTo(sha);
            assertThat(Json.readObject(run.resolve("benchmarks/json-probe/summary.json")).path("values").path("score").asInt()).isEqualTo(7);
        }
    }

    @Test
    void aMissingToolBlocksItWithTheInstallHintAndAFailingCommandFailsItWithItsError(@TempDir Path dir) throws Exception {
        try (DemoEnvironment env = DemoEnvironment.start(dir, 0, null)) {
            // given one benchmark needing a tool the host lacks, one whose command fails, one past its ceiling
            declare(env, """
                    [benchmarks.needs-tool]
                    command = "no-such-tool-4711 --run"
                    requires = ["no-such-tool-4711"]
                    packages = { no-such-tool-4711 = "tool-pkg" }
                    results = ["out.txt"]

                    [benchmarks.fails]
                    command = "echo 'disk exploded' >&2; exit 3"
                    results = ["out.txt"]

                    [benchmarks.too-slow]
                    command = "sleep 120"
                    ceiling_secs = 2
                    results = ["out.txt"]
                    """);

            // when
            Cli.Result r = Cli.run("run", "--config", env.config().toString(), "--host", DemoEnvironment.HOST,
                    "--benchmarks", "needs-tool,fails,too-slow", "--timeout", "PT3M");

            // then
            assertThat(r.exit()).as(r.toString()).isEqualTo(1);
            Path run = r.runDir();
            ObjectNode status = Json.readObject(run.resolve("status.json"));
            assertThat(status.path("state").asText()).isEqualTo("completed_with_failures");
            Map<String, String> outcomes = Map.of(
                    "needs-tool", status.path("steps").path("needs-tool").path("execute").asText(),
                    "fails", status.path("steps").path("fails").path("execute").asText(),
                    "too-slow", status.path("steps").path("too-slow").path("execute").asText());
            assertThat(outcomes).containsEntry("needs-tool", "blocked").containsEntry("fails", "failed").containsEntry("too-slow", "terminated");
            assertThat(status.path("next_install_commands").toString()).contains("tool-pkg");
            assertThat(Json.readObject(run.resolve("state/steps/fails/execute.json")).path("details").path("reason").asText())
                    .contains("exited 3", "disk exploded");
            assertThat(Files.readString(run.resolve("recovery_summary.md"))).contains("fails", "too-slow", "needs-tool");
        }
    }
}
