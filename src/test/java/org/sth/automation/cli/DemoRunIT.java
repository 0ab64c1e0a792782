package org.sth.automation.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.sth.automation.RunDirectoryAssertions.assertCompleteRunDirectory;
import static org.sth.automation.RunDirectoryAssertions.assertEveryPhaseEnteredAndLeft;
import static org.sth.automation.RunDirectoryAssertions.commandCountsByKey;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sth.automation.Cli;
import org.sth.automation.RunDirectoryAssertions;
import org.sth.automation.demo.DemoEnvironment;
import org.sth.automation.io.Json;
import org.sth.automation.io.Sha256;

/** A full system-info run through every phase against the in-process SSH server, driven by the CLI. */
class DemoRunIT {

    @BeforeAll
    static void fast() {
        Cli.fastRoutes();
    }

    @Test
    void fullRunProducesEveryRunDirectoryFileAndPhaseEvent(@TempDir Path dir) {
        // given
        try (DemoEnvironment env = DemoEnvironment.start(dir, 0, null)) {
            // when
            Cli.Result r = Cli.run("run", "--config", env.config().toString(), "--host", DemoEnvironment.HOST,
                    "--benchmarks", "system-info", "--timeout", "PT5M");

            // then
            assertThat(r.exit()).as(r.toString()).isZero();
            assertThat(r.out()).contains("[demo-local] discover: started", "[demo-local] finalize: completed", "run completed");
            Path run = r.runDir();
            assertCompleteRunDirectory(run);
            assertEveryPhaseEnteredAndLeft(run);

            ObjectNode status = Json.readObject(run.resolve("status.json"));
            assertThat(status.path("state").asText()).isEqualTo("completed");
            assertThat(status.path("monitoring").path("state").asText()).isEqualTo("idle");
            status.path("next_paths").forEach(p -> assertThat(Path.of(p.asText())).exists());

            for (String step : new String[] {"host/discover", "preflight/preflight", "system-info/stage", "system-info/execute",
                    "system-info/collect", "system-info/publish", "host/finalize"}) {
                ObjectNode m = Json.readObject(run.resolve("state/steps/" + step + ".json"));
                assertThat(m.path("outcome").asText()).as(step).isEqualTo("completed");
            }
            ObjectNode inventory = Json.readObject(run.resolve("host_inventory_snapshot.json"));
            assertThat(inventory.path("arch").asText()).isIn("x86_64", "aarch64");

            Path results = run.resolve("benchmarks/system-info");
            ObjectNode summary = Json.readObject(results.resolve("summary.json"));
            assertThat(summary.path("cpu").path("logical_cores").asInt()).isPositive();
            assertThat(summary.path("host").path("name").asText()).isEqualTo(DemoEnvironment.HOST);
            ObjectNode manifest = Json.readObject(results.resolve("manifest.json"));
            assertThat(manifest.path("captures")).hasSize(25);
            assertThat(results.resolve("system_profile.md")).content().contains("# ");
            assertThat(results.resolve("raw/uname.txt")).isNotEmptyFile();

            // every checkpointed command ran exactly once, every artifact's digest is right
            assertThat(commandCountsByKey(run)).allSatisfy((key, n) -> assertThat(n).as(key).isEqualTo(1));
            assertThat(commandCountsByKey(run)).containsKeys("system-info/capture/uname", "discover/probe", "finalize/cleanup");
            JsonNode artifacts = Json.readObject(run.resolve("artifact_manifest.json")).path("artifacts");
            assertThat(artifacts.size()).isGreaterThan(25);
            for (JsonNode a : artifacts) {
                assertThat(Sha256.of(run.resolve(a.path("path").asText()))).as(a.path("path").asText()).isEqualTo(a.path("sha256").asText());
            }
            assertThat(Json.readObject(run.resolve("publish_ledger.json")).path("targets").path("system-info").path("state").asText())
                    .isEqualTo("staged_no_target");
            assertThat(run.resolve("recovery_summary.md")).content().contains("Nothing: every phase completed.");
            // the packaging facts: one line, the same in status.json, status, recovery and preflight summaries
            // the system-info wrapper bundle first (the demo's cache holds the shipped one), the host's own tools as fallback
            String packaging = status.path("packaging").get(0).asText();
            assertThat(packaging).startsWith("system-info: ready, captured_cache " + dir.resolve("bundle-cache/system-info-wrapper-1.0.0-linux-any.tar.gz"))
                    .contains("(manifest system-info-wrapper-1.0.0-linux-any.manifest.json)", "verified",
                            "; fallback runner_fallback host PATH: uname, cat, lscpu, lsblk, df");
            assertThat(Json.readObject(run.resolve("state/steps/system-info/stage.json")).path("details").path("bundle_name").asText())
                    .isEqualTo("system-info-wrapper");
            assertThat(run.resolve("recovery_summary.md")).content().contains("## Packaging (preflight)", "- " + packaging);
            assertThat(run.resolve("preflight/summary.md")).content().contains("## Packaging", "- " + packaging);

            // the run worked in a private scratch directory (mktemp -d), recorded, and gone after finalize; every command of
            // the run went through the host's one runner
            String scratch = Json.readObject(run.resolve("state/remote_scratch.json")).path("path").asText();
            assertThat(scratch).matches("/.+/sth-bench-automation\\.[A-Za-z0-9]{10}");
            assertThat(Path.of(scratch)).doesNotExist();
            assertThat(RunDirectoryAssertions.read(run.resolve("events.jsonl"))).contains("\"remote_scratch_created\"", "\"cleanup_deleted\"", scratch);
            assertThat(status.path("remote_shell").path("mode").asText()).isEqualTo("runner");

            // status answers from the run directory without starting Camel
            Cli.Result st = Cli.run("status", "--run-dir", run.toString());
            assertThat(st.exit()).isZero();
            assertThat(st.out()).contains("State:     completed", "Packaging: " + packaging);
        }
    }

    @Test
    void resumeOfACompletedRunRedoesNothing(@TempDir Path dir) throws Exception {
        // given
        try (DemoEnvironment env = DemoEnvironment.start(dir, 0, null)) {
            Cli.Result r = Cli.run("run", "--config", env.config().toString(), "--host", DemoEnvironment.HOST,
                    "--benchmarks", "system-info", "--timeout", "PT5M");
            assertThat(r.exit()).as(r.toString()).isZero();
            long ledgerLines = Files.readAllLines(r.runDir().resolve("command_ledger.jsonl")).size();

            // when
            Cli.Result resumed = Cli.run("resume", "--run-dir", r.runDir().toString());

            // then
            assertThat(resumed.exit()).as(resumed.toString()).isZero();
            assertThat(resumed.out()).contains("Nothing to resume");
            assertThat(Files.readAllLines(r.runDir().resolve("command_ledger.jsonl"))).hasSize((int) ledgerLines);
        }
    }

    @Test
    void aPreflightOnlyRequestClassifiesTheHostAndRunsNothingElse(@TempDir Path dir) {
        try (DemoEnvironment env = DemoEnvironment.start(dir, 0, null)) {
            // when
            Cli.Result r = Cli.run("run", "--config", env.config().toString(), "--host", DemoEnvironment.HOST,
                    "--benchmarks", "preflight", "--timeout", "PT3M");

            // then
            assertThat(r.exit()).as(r.toString()).isZero();
            Path run = r.runDir();
            assertThat(Json.readObject(run.resolve("preflight/summary.json")).path("readiness").path("preflight").path("status").asText())
                    .isEqualTo("ready");
            assertThat(commandCountsByKey(run).keySet()).allMatch(k -> k.startsWith("discover/") || k.startsWith("preflight/")
                    || k.equals("finalize/cleanup"));
            assertThat(Json.readObject(run.resolve("state/steps/preflight/execute.json")).path("details").path("reason").asText())
                    .startsWith("preflight-only request");
            assertThat(Json.readObject(run.resolve("publish_ledger.json")).path("targets")).isEmpty();
        }
    }
}
