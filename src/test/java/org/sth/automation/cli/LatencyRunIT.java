package org.sth.automation.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sth.automation.Cli;
import org.sth.automation.adapter.latency.LatencyCsvParser;
import org.sth.automation.adapter.latency.LatencySummary;
import org.sth.automation.demo.DemoEnvironment;
import org.sth.automation.io.Json;
import org.sth.automation.io.Sha256;
import org.sth.automation.run.JsonlLedger;

/**
 * The latency benchmark end to end on the loopback host: the shipped wrapper bundle is resolved, staged and
 * run, and drives {@code core-to-core-latency} from the host's PATH. The real tool is a Rust crate this
 * machine cannot fetch, so the host's runner is a stand-in that prints a real published result (the
 * i9-12900K CSV in the tool's repository) and records the arguments it was given.
 */
class LatencyRunIT {

    private static final Path SAMPLE = Path.of("src/test/resources/realdata/04-core-to-core-latency/results_Intel_Core_i9-12900K.csv");

    @BeforeAll
    static void fast() {
        Cli.fastRoutes();
    }

    private static Path runner(Path dir, String body) throws Exception {
        Path bin = dir.resolve("host-bin");
        Files.createDirectories(bin);
        Path tool = bin.resolve("core-to-core-latency");
        Files.writeString(tool, "#!/bin/sh\necho \"$@\" >> '" + dir.resolve("runner-args.txt") + "'\n" + body);
        Files.setPosixFilePermissions(tool, PosixFilePermissions.fromString("rwxr-xr-x"));
        return bin;
    }

    @Test
    void theWrapperBundleRunsTheHostsRunnerAndTheCsvBecomesAMatrixSummary(@TempDir Path dir) throws Exception {
        // given a host whose core-to-core-latency prints the recorded 12900K CSV (and its progress on stderr)
        Path bin = runner(dir, "echo 'Num cores: 24' >&2\ncat '" + SAMPLE.toAbsolutePath() + "'\n");
        try (DemoEnvironment env = DemoEnvironment.start(dir.resolve("demo"), 0, null, o -> o.withPathPrefix(bin))) {
            // when
            Cli.Result r = Cli.run("run", "--config", env.config().toString(), "--host", DemoEnvironment.HOST,
                    "--benchmarks", "latency", "--timeout", "PT3M");

            // then preflight took the shipped wrapper, because the host has its runner
            assertThat(r.exit()).as(r.toString()).isZero();
            Path run = r.runDir();
            JsonNode readiness = Json.readObject(run.resolve("preflight/summary.json")).path("readiness").path("latency");
            assertThat(readiness.path("status").asText()).isEqualTo("ready");
            assertThat(readiness.path("packaging").path("basis").asText()).isEqualTo("captured_cache");
            assertThat(readiness.path("packaging").path("bundle").path("name").asText()).isEqualTo("latency-wrapper");
            ObjectNode stage = (ObjectNode) Json.readObject(run.resolve("state/steps/latency/stage.json")).path("details");
            assertThat(stage.path("remote_bundle_dir").asText()).endsWith("/latency/bundle");
            // the wrapper ran the runner the maintainer's way
            assertThat(Files.readString(dir.resolve("runner-args.txt")).strip()).isEqualTo("5000 300 --csv");
            ObjectNode execute = Json.readObject(run.resolve("state/steps/latency/execute.json"));
            assertThat(execute.path("details").path("runner").asText()).isEqualTo("latency-wrapper bundle");
            // the CSV came back byte for byte, hashed in the transfer ledger
            Path csv = run.resolve("benchmarks/latency/latency.csv");
            assertThat(Files.mismatch(csv, SAMPLE)).isEqualTo(-1L);
            assertThat(JsonlLedger.read(run.resolve("transfer_ledger.jsonl")).records())
                    .filteredOn(t -> "download".equals(t.path("direction").asText()) && t.path("remote_path").asText().endsWith("latency.csv"))
                    .singleElement().satisfies(t -> assertThat(t.path("sha256").asText()).isEqualTo(Sha256.of(SAMPLE)));
            // and the summary is the parser's and the statistics' own answer for it
            ObjectNode summary = Json.readObject(run.resolve("benchmarks/latency/summary.json"));
            JsonNode expected = LatencySummary.of(LatencyCsvParser.parse(Files.readString(SAMPLE)), null).toJson();
            assertThat(summary.path("overall")).isEqualTo(expected.path("overall"));
            assertThat(summary.path("cpu_count").asInt()).isEqualTo(24);
            assertThat(run.resolve("benchmarks/latency/summary.md")).content().contains("ns");
            ObjectNode collect = Json.readObject(run.resolve("state/steps/latency/collect.json"));
            assertThat(collect.path("details").path("csv_sha256").asText()).isEqualTo(Sha256.of(SAMPLE));
        }
    }

    @Test
    void aFailingRunnerFailsExecuteWithItsErrorAndNoResultIsInvented(@TempDir Path dir) throws Exception {
        // given a runner that dies before printing a matrix
        Path bin = runner(dir, "echo 'Error: failed to pin thread to core 3' >&2\nexit 101\n");
        try (DemoEnvironment env = DemoEnvironment.start(dir.resolve("demo"), 0, null, o -> o.withPathPrefix(bin))) {
            // when
            Cli.Result r = Cli.run("run", "--config", env.config().toString(), "--host", DemoEnvironment.HOST,
                    "--benchmarks", "latency", "--timeout", "PT3M");

            // then
            Path run = r.runDir();
            ObjectNode execute = Json.readObject(run.resolve("state/steps/latency/execute.json"));
            assertThat(execute.path("outcome").asText()).as(r.toString()).isEqualTo("failed");
            assertThat(execute.path("details").path("exit_code").asInt()).isEqualTo(101);
            assertThat(Json.readObject(run.resolve("state/steps/latency/collect.json")).path("outcome").asText()).isEqualTo("blocked");
            assertThat(run.resolve("benchmarks/latency/summary.json")).doesNotExist();
            assertThat(r.exit()).isEqualTo(1);
        }
    }
}
