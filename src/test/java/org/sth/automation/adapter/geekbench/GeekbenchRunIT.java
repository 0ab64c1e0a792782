package org.sth.automation.adapter.geekbench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.sth.automation.Cli;
import org.sth.automation.bundle.BundleBuilder;
import org.sth.automation.bundle.BundleManifest;
import org.sth.automation.demo.DemoEnvironment;
import org.sth.automation.io.Json;

/**
 * An operator-supplied Geekbench bundle (here a stand-in binary that prints a real, recorded Geekbench
 * console output) is resolved, verified, staged, run, and its output parsed into distinct outcomes.
 */
class GeekbenchRunIT {

    @BeforeAll
    static void fast() {
        Cli.fastRoutes();
    }

    @ParameterizedTest
    @CsvSource({
        "gb6.2.2_linux-x86_64_rocky9-vmware_upload-succeeded_WITH-claim-url.txt, completed, uploaded_with_claim",
        "gb6.2.0_linux-x86_64_slackware_INTERRUPTED-ctrl-c-under-perf_and_--help.txt, interrupted, interrupted"})
    void operatorBundleRunsAndItsOutputDecidesTheOutcome(String sample, String stepOutcome, String geekbenchOutcome,
            @TempDir Path dir) throws Exception {
        try (DemoEnvironment env = DemoEnvironment.start(dir, 0, null)) {
            // given a bundle whose "geekbench6" prints a recorded real console output
            Path src = dir.resolve("gb-src/Geekbench-6-Linux");
            Files.createDirectories(src);
            Files.copy(Path.of("src/test/resources/realdata/03-geekbench", sample), src.resolve("recorded.txt"));
            Path bin = src.resolve("geekbench6");
            Files.writeString(bin, "#!/bin/sh\ncat \"$(dirname \"$0\")/recorded.txt\"\n");
            Files.setPosixFilePermissions(bin, PosixFilePermissions.fromString("rwxr-xr-x"));
            Path archive = dir.resolve("bundle-cache/geekbench-6.2.2-linux-any.tar.gz");
            String sha = BundleBuilder.build(dir.resolve("gb-src"), archive, "");
            new BundleManifest("geekbench", "6.2.2", "linux", "any", sha, List.of("geekbench6"),
                    "Geekbench-6-Linux/geekbench6 --cpu > \"$OUT/geekbench.txt\" 2>&1", List.of("geekbench.txt"))
                    .write(BundleManifest.manifestBeside(archive));

            // when
            Cli.Result r = Cli.run("run", "--config", env.config().toString(), "--host", DemoEnvironment.HOST,
                    "--benchmarks", "geekbench", "--timeout", "PT3M");

            // then
            Path run = r.runDir();
            ObjectNode stage = Json.readObject(run.resolve("state/steps/geekbench/stage.json"));
            assertThat(stage.path("details").path("basis").asText()).isEqualTo("captured_cache");
            assertThat(stage.path("details").path("sha256").asText()).isEqualTo(sha);
            // the bundle went up through the transfer ledger with its verified digest
            var transfers = org.sth.automation.run.JsonlLedger.read(run.resolve("transfer_ledger.jsonl")).records();
            assertThat(transfers).filteredOn(t -> "upload".equals(t.path("direction").asText())).singleElement()
                    .satisfies(t -> {
                        assertThat(t.path("sha256").asText()).isEqualTo(sha);
                        assertThat(t.path("outcome").asText()).isEqualTo("ok");
                    });
            // and the output came back the same way, hashed
            assertThat(transfers).filteredOn(t -> "download".equals(t.path("direction").asText())).singleElement()
                    .satisfies(t -> assertThat(t.path("sha256").asText())
                            .isEqualTo(org.sth.automation.io.Sha256.of(run.resolve("benchmarks/geekbench/geekbench.txt"))));
            ObjectNode collect = Json.readObject(run.resolve("state/steps/geekbench/collect.json"));
            assertThat(collect.path("outcome").asText()).as(r.toString()).isEqualTo(stepOutcome);
            assertThat(collect.path("details").path("geekbench_outcome").asText()).isEqualTo(geekbenchOutcome);
            assertThat(Json.readObject(run.resolve("benchmarks/geekbench/result.json")).path("outcome").asText()).isEqualTo(geekbenchOutcome);
            if (stepOutcome.equals("completed")) {
                assertThat(collect.path("details").path("result_url").asText()).startsWith("https://browser.geekbench.com/");
                assertThat(collect.path("details").path("claim_url").asText()).contains("claim");
                assertThat(r.exit()).isZero();
            } else {
                assertThat(r.exit()).isEqualTo(1);
                assertThat(Json.readObject(run.resolve("status.json")).path("alerts").path("failed_steps").toString()).contains("interrupted");
            }
        }
    }

    /** A geekbench bundle in {@code where} whose stand-in binary prints the recorded upload-with-claim output. */
    private static String operatorBundle(Path dir, Path where) throws Exception {
        Path src = dir.resolve("op-src/Geekbench-6-Linux");
        Files.createDirectories(src);
        Files.copy(Path.of("src/test/resources/realdata/03-geekbench",
                "gb6.2.2_linux-x86_64_rocky9-vmware_upload-succeeded_WITH-claim-url.txt"), src.resolve("recorded.txt"));
        Path bin = src.resolve("geekbench6");
        Files.writeString(bin, "#!/bin/sh\ncat \"$(dirname \"$0\")/recorded.txt\"\n");
        Files.setPosixFilePermissions(bin, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path archive = where.resolve("geekbench-6.2.2-linux-any.tar.gz");
        Files.createDirectories(where);
        String sha = BundleBuilder.build(dir.resolve("op-src"), archive, "");
        new BundleManifest("geekbench", "6.2.2", "linux", "any", sha, List.of("geekbench6"),
                "Geekbench-6-Linux/geekbench6 --cpu > \"$OUT/geekbench.txt\" 2>&1", List.of("geekbench.txt"))
                .write(BundleManifest.manifestBeside(archive));
        return sha;
    }

    @ParameterizedTest
    @CsvSource({"path, configured_bundle, ready", "builder, local_builder, ready_with_local_bundle"})
    void aBundleFromTheConfiguredPathOrBuilderIsVerifiedStagedAndRecorded(String key, String basis, String readiness,
            @TempDir Path dir) throws Exception {
        // given the operator's bundle outside the cache, and [bundles.geekbench] naming it or a script that builds it
        Path operator = dir.resolve("operator");
        String sha = operatorBundle(dir, operator);
        Path builder = dir.resolve("build-geekbench.sh");
        Files.writeString(builder, "#!/bin/sh\nset -e\necho building into \"$1\"\ncp '" + operator + "'/geekbench-* \"$1\"/\n");
        Files.setPosixFilePermissions(builder, PosixFilePermissions.fromString("rwxr-xr-x"));
        String value = key.equals("path") ? operator.resolve("geekbench-6.2.2-linux-any.tar.gz").toString() : builder.toString();
        try (DemoEnvironment env = DemoEnvironment.start(dir.resolve("demo"), 0, "[bundles.geekbench]\n" + key + " = \"" + value + "\"\n")) {
            // when
            Cli.Result r = Cli.run("run", "--config", env.config().toString(), "--host", DemoEnvironment.HOST,
                    "--benchmarks", "geekbench", "--timeout", "PT3M");

            // then preflight chose it, stage staged exactly the verified archive, and the benchmark ran from it
            assertThat(r.exit()).as(r.toString()).isZero();
            Path run = r.runDir();
            ObjectNode pre = (ObjectNode) Json.readObject(run.resolve("preflight/summary.json")).path("readiness").path("geekbench");
            assertThat(pre.path("status").asText()).isEqualTo(readiness);
            assertThat(pre.path("packaging").path("basis").asText()).isEqualTo(basis);
            assertThat(pre.path("packaging").path("location").asText()).isEqualTo(value);
            ObjectNode stage = (ObjectNode) Json.readObject(run.resolve("state/steps/geekbench/stage.json")).path("details");
            assertThat(stage.path("basis").asText()).isEqualTo(basis);
            assertThat(stage.path("sha256").asText()).isEqualTo(sha);
            if (key.equals("builder")) {
                Path built = env.config().getParent().resolve("bundle-cache/dist/geekbench-6.2.2-linux-any.tar.gz");
                assertThat(stage.path("built_bundle").asText()).isEqualTo(built.toString());
                assertThat(stage.path("builder_exit").asInt()).isZero();
                assertThat(run.resolve(stage.path("builder_log").asText())).content().contains("building into");
            }
            assertThat(Json.readObject(run.resolve("state/steps/geekbench/collect.json")).path("details").path("geekbench_outcome")
                    .asText()).isEqualTo("uploaded_with_claim");
            assertThat(Json.readObject(run.resolve("status.json")).path("packaging").get(0).asText())
                    .startsWith("geekbench: " + readiness + ", " + basis + " " + value);
        }
    }

    @Test
    void aFailingBuilderFailsTheStageWithItsOutput(@TempDir Path dir) throws Exception {
        // given a builder that fails
        Path builder = dir.resolve("build-geekbench.sh");
        Files.writeString(builder, "#!/bin/sh\necho 'no licence file found' >&2\nexit 3\n");
        Files.setPosixFilePermissions(builder, PosixFilePermissions.fromString("rwxr-xr-x"));
        try (DemoEnvironment env = DemoEnvironment.start(dir.resolve("demo"), 0, "[bundles.geekbench]\nbuilder = \"" + builder + "\"\n")) {
            // when
            Cli.Result r = Cli.run("run", "--config", env.config().toString(), "--host", DemoEnvironment.HOST,
                    "--benchmarks", "geekbench", "--timeout", "PT3M");

            // then
            ObjectNode stage = Json.readObject(r.runDir().resolve("state/steps/geekbench/stage.json"));
            assertThat(stage.path("outcome").asText()).as(r.toString()).isEqualTo("failed");
            assertThat(stage.path("details").path("reason").asText()).contains("exited 3", "no licence file found");
            assertThat(r.exit()).isEqualTo(1);
        }
    }
}
