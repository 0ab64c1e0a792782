package org.sth.automation.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sth.automation.Cli;
import org.sth.automation.io.Json;
import org.sth.automation.io.Sha256;
import org.sth.automation.run.JsonlLedger;
import org.sth.automation.run.RunStore;

/**
 * Finding 2 of issue 13, from its exact reproduction: run directories of older versions (a finished demo run stripped
 * of its manifests, ledgers and derived status blocks) and of the original tool's shape (no state/plan.json) are
 * opened by {@code status}, {@code recover} and {@code resume}, which restore real data from what the directory still
 * holds and say what they could not restore. Fixtures: src/test/resources/legacy (see SOURCE.txt there).
 */
class LegacyRunDirectoryIT {

    private static final String DEMO = "legacy/demo-stripped/automation-runs/2026-12-02/demo-local/20261202T045838Z";
    private static final String ORIGINAL = "legacy/original-layout/automation-runs/2026-04-25/evo-x2/20260425T212324Z";

    @TempDir
    Path tmp;

    @BeforeEach
    void freshProcess() {
        RunStore.forgetAll();
    }

    /** The fixture copied under {@code tmp} at the same relative path, its placeholder root replaced by {@code tmp}. */
    private Path install(String fixture) throws IOException, URISyntaxException {
        Path from = Path.of(getClass().getResource("/" + fixture).toURI());
        Path to = tmp.resolve(fixture);
        try (Stream<Path> s = Files.walk(from)) {
            for (Path p : s.toList()) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else if (p.getFileName().toString().endsWith(".json") && p.getParent().equals(from.resolve("state"))) {
                    Files.writeString(target, Files.readString(p).replace("/srv/sth-demo", tmp.toString()));
                } else {
                    Files.copy(p, target);
                }
            }
        }
        Files.writeString(tmp.resolve("demo.toml"), "[[hosts]]\nname = \"demo-local\"\n\n[[hosts]]\nname = \"evo-x2\"\n");
        return to;
    }

    private static long filesUnder(Path run, String... roots) throws IOException {
        long n = 0;
        for (String r : roots) {
            if (Files.isDirectory(run.resolve(r))) {
                try (Stream<Path> s = Files.walk(run.resolve(r))) {
                    n += s.filter(Files::isRegularFile).count();
                }
            }
        }
        return n;
    }

    @Test
    void aStrippedDemoRunIsRestoredFromWhatItStillHolds() throws Exception {
        // given the reproduction: a finished demo run without its manifests, ledgers, inventory and derived blocks
        Path run = install(DEMO);
        assertThat(run.resolve("artifact_manifest.json")).doesNotExist();
        assertThat(Json.readObject(run.resolve("status.json")).has("monitoring")).isFalse();
        ObjectNode publishStep = Json.readObject(run.resolve("state/steps/system-info/publish.json"));

        // when
        Cli.Result status = Cli.run("status", "--run-dir", run.toString());

        // then the artifact manifest lists every file with its real digest
        assertThat(status.exit()).as(status.toString()).isZero();
        ObjectNode artifacts = Json.readObject(run.resolve("artifact_manifest.json"));
        assertThat(artifacts.path("artifacts")).hasSize((int) filesUnder(run, "benchmarks", "preflight", "state/steps"));
        assertThat(artifacts.path("artifacts").size()).isGreaterThanOrEqualTo(41);
        JsonNode summary = find(artifacts.path("artifacts"), "benchmarks/system-info/summary.json");
        assertThat(summary.path("sha256").asText()).isEqualTo(Sha256.of(run.resolve("benchmarks/system-info/summary.json")));
        assertThat(summary.path("producer_step").asText()).isEqualTo("system-info/collect");
        // the publish ledger holds the publish state the run reached
        ObjectNode ledger = Json.readObject(run.resolve("publish_ledger.json"));
        assertThat(ledger.path("targets").path("system-info")).isEqualTo(publishStep.path("details"));
        assertThat(ledger.path("targets").path("system-info").path("state").asText()).isEqualTo("staged_no_target");
        // the host inventory is the discover probe's, parsed again from its saved output
        ObjectNode inventory = Json.readObject(run.resolve("host_inventory_snapshot.json"));
        assertThat(inventory.path("state").asText()).isEqualTo("probed");
        assertThat(inventory.path("arch").asText()).isEqualTo(Json.readObject(run.resolve("state/steps/host/discover.json"))
                .path("details").path("arch").asText());
        assertThat(inventory.path("os").path("pretty_name").asText()).isNotBlank().isNotEqualTo("null");
        assertThat(inventory.path("cpu_topology").path("logical_cpus").asInt()).isPositive();
        assertThat(inventory.path("restored_from").toString()).contains("logs/commands/discover_probe.stdout");
        // status.json has its derived blocks persisted, and says what was restored and what not
        ObjectNode saved = Json.readObject(run.resolve("status.json"));
        assertThat(saved.path("monitoring").path("state").asText()).isEqualTo("idle");
        assertThat(saved.has("alerts")).isTrue();
        assertThat(saved.path("backfill").path("restored").fieldNames()).toIterable()
                .contains("artifact_manifest.json", "publish_ledger.json", "host_inventory_snapshot.json", "run_manifest.json");
        assertThat(saved.path("backfill").path("not_restored").fieldNames()).toIterable()
                .contains("command_ledger.jsonl", "transfer_ledger.jsonl");
        assertThat(JsonlLedger.read(run.resolve("events.jsonl")).records()).last()
                .satisfies(e -> assertThat(e.path("event").asText()).isEqualTo("run_backfilled"));
        // the recovery summary is the real one of a completed run
        String md = Files.readString(run.resolve("recovery_summary.md"));
        assertThat(md).doesNotContain("has not finished a phase yet").contains("Run state: **completed**",
                "Nothing: every phase completed.", "Restored from an older run directory", "`publish_ledger.json` ← the publish steps",
                "Could not be restored", "`command_ledger.jsonl`: absent, created empty");
        assertThat(Json.readObject(run.resolve("run_manifest.json")).path("host").asText()).isEqualTo("demo-local");

        // when the run is opened again by recover and resume
        RunStore.forgetAll();
        Cli.Result recover = Cli.run("recover", "--run-dir", run.toString());
        Cli.Result resume = Cli.run("resume", "--run-dir", run.toString());

        // then nothing is restored twice and nothing is redone
        assertThat(recover.exit()).as(recover.toString()).isZero();
        assertThat(recover.out()).contains("Run state: **completed**", "Restored from an older run directory");
        assertThat(resume.exit()).as(resume.toString()).isZero();
        assertThat(resume.out()).contains("Nothing to resume");
        assertThat(JsonlLedger.read(run.resolve("events.jsonl")).records()).filteredOn(e -> e.path("event").asText().equals("run_backfilled"))
                .hasSize(1);
    }

    @Test
    void lostStepManifestsComeBackFromTheirEventsAndTheInventoryWithThem() throws Exception {
        // given the stripped demo run without state/steps either
        Path run = install(DEMO);
        List<ObjectNode> originals = new ArrayList<>();
        try (Stream<Path> s = Files.walk(run.resolve("state/steps"))) {
            for (Path p : s.filter(Files::isRegularFile).sorted().toList()) {
                originals.add(Json.readObject(p));
                Files.delete(p);
            }
        }
        assertThat(originals).hasSize(7);

        // when
        Cli.Result status = Cli.run("status", "--run-dir", run.toString());

        // then every manifest is back with the outcome, details and times the run recorded
        assertThat(status.exit()).as(status.toString()).isZero();
        for (ObjectNode original : originals) {
            Path p = run.resolve("state/steps").resolve(original.path("adapter").asText()).resolve(original.path("phase").asText() + ".json");
            ObjectNode restored = Json.readObject(p);
            assertThat(restored.path("outcome")).as(p.toString()).isEqualTo(original.path("outcome"));
            assertThat(restored.path("details")).as(p.toString()).isEqualTo(original.path("details"));
            // the step_finished event is written right after the manifest: its time is the step's end, to the millisecond
            assertThat(java.time.Duration.between(java.time.Instant.parse(original.path("ended_at").asText()),
                    java.time.Instant.parse(restored.path("ended_at").asText())).abs()).as(p.toString())
                    .isLessThan(java.time.Duration.ofSeconds(1));
            assertThat(restored.path("restored_from").asText()).isEqualTo("events.jsonl");
        }
        assertThat(Json.readObject(run.resolve("host_inventory_snapshot.json")).path("state").asText()).isEqualTo("probed");
        assertThat(Json.readObject(run.resolve("publish_ledger.json")).path("targets").path("system-info").path("state").asText())
                .isEqualTo("staged_no_target");
    }

    @Test
    void aRunDirectoryOfTheOriginalsShapeOpensAndSaysWhatItCouldNotRestore() throws Exception {
        // given the original tool's layout: no state/plan.json, no events, no ledgers (was: exit 1)
        Path run = install(ORIGINAL);
        assertThat(run.resolve("state/plan.json")).doesNotExist();

        // when
        Cli.Result status = Cli.run("status", "--run-dir", run.toString());

        // then
        assertThat(status.exit()).as(status.toString()).isZero();
        assertThat(status.out()).contains("evo-x2-20260425T212324Z on evo-x2", "State:     completed");
        ObjectNode plan = Json.readObject(run.resolve("state/plan.json"));
        assertThat(plan.path("host").asText()).isEqualTo("evo-x2");
        assertThat(plan.path("benchmarks").toString()).isEqualTo("[\"system-info\"]");
        assertThat(plan.path("created_at").asText()).isEqualTo("2026-04-25T21:23:24Z");
        assertThat(plan.path("restored").path("missing").toString()).contains("config", "request_id", "work_root");
        ObjectNode ledger = Json.readObject(run.resolve("publish_ledger.json"));
        assertThat(ledger.path("targets").path("system-info").path("state").asText()).isEqualTo("pushed_local");
        assertThat(ledger.path("targets").path("system-info").path("commit").asText()).isEqualTo("05351535dc3cc5c2a43f942eec1c6becb25c74cf");
        ObjectNode artifacts = Json.readObject(run.resolve("artifact_manifest.json"));
        assertThat(artifacts.path("artifacts")).hasSize((int) filesUnder(run, "benchmarks", "preflight", "state/steps"));
        assertThat(find(artifacts.path("artifacts"), "benchmarks/system-info/summary.json").path("sha256").asText())
                .isEqualTo(Sha256.of(run.resolve("benchmarks/system-info/summary.json")));
        ObjectNode inventory = Json.readObject(run.resolve("host_inventory_snapshot.json"));
        assertThat(inventory.path("state").asText()).isEqualTo("probed_partial");
        assertThat(inventory.path("arch").asText()).isEqualTo("x86_64");
        assertThat(inventory.path("not_restored").toString()).contains("cpu_topology", "os");
        ObjectNode saved = Json.readObject(run.resolve("status.json"));
        assertThat(saved.path("run_dir").asText()).isEqualTo(run.toString());
        assertThat(saved.has("monitoring")).isTrue();
        assertThat(saved.has("alerts")).isTrue();
        String md = Files.readString(run.resolve("recovery_summary.md"));
        assertThat(md).contains("Run state: **completed**", "Could not be restored", "events.jsonl", "command_ledger.jsonl",
                "request_id, config, work_root");

        // when resumed without, then with the config it ran with
        RunStore.forgetAll();
        Cli.Result withoutConfig = Cli.run("resume", "--run-dir", run.toString());
        Cli.Result withConfig = Cli.run("resume", "--config", tmp.resolve("demo.toml").toString(), "--run-dir", run.toString());

        // then
        assertThat(withoutConfig.exit()).as(withoutConfig.toString()).isEqualTo(Main.USAGE);
        assertThat(withoutConfig.err()).contains("does not record the config", "--config");
        assertThat(withConfig.exit()).as(withConfig.toString()).isZero();
        assertThat(withConfig.out()).contains("Nothing to resume");
        ObjectNode completed = Json.readObject(run.resolve("state/plan.json"));
        assertThat(completed.path("config").asText()).isEqualTo(tmp.resolve("demo.toml").toString());
        assertThat(completed.path("restored").path("missing").toString()).doesNotContain("config");
    }

    private static JsonNode find(JsonNode artifacts, String path) {
        for (JsonNode a : artifacts) {
            if (a.path("path").asText().equals(path)) {
                return a;
            }
        }
        throw new AssertionError("no artifact " + path + " in " + artifacts);
    }
}
