package org.sth.automation.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sth.automation.Cli;
import org.sth.automation.demo.DemoEnvironment;
import org.sth.automation.io.Json;
import org.sth.automation.run.JsonlLedger;

/**
 * Hole 2 of issue 15: a gzip of two members (the first a tar of run.sh without end blocks, the second {@code etc-link
 * -> /etc}, {@code climb -> ../../../../../..} and a file) with the right sha256 in its manifest. The check reads every
 * member, so {@code validate --scope staging} refuses it and stage falls back to the shipped bundle; and the host
 * extracts exactly the listing the controller verified.
 */
class BundleBypassIT {

    static final Path HOSTILE = Path.of("src/test/resources/hostile/bundles");

    @BeforeAll
    static void fast() {
        Cli.fastRoutes();
    }

    @Test
    void aSecondGzipMemberCannotSmuggleLinksPastTheCheck(@TempDir Path dir) throws Exception {
        // given the bundle configured for latency, on a host that has the latency runner
        Path bin = dir.resolve("host-bin");
        Files.createDirectories(bin);
        Path runner = bin.resolve("core-to-core-latency");
        Files.writeString(runner, "#!/bin/sh\ncat '" + Path.of(HostTextIT.SAMPLE).toAbsolutePath() + "'\n");
        Files.setPosixFilePermissions(runner, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path bundles = dir.resolve("operator-bundles");
        Files.createDirectories(bundles);
        for (String f : new String[] {"multi-member-gzip.tar.gz", "multi-member-gzip.manifest.json"}) {
            Files.copy(HOSTILE.resolve(f), bundles.resolve(f), StandardCopyOption.REPLACE_EXISTING);
        }
        try (DemoEnvironment env = DemoEnvironment.start(dir.resolve("demo"), 0, null, o -> o.withPathPrefix(bin))) {
            Files.writeString(env.config(), Files.readString(env.config()) + "\n[bundles.latency]\npath = \""
                    + bundles.resolve("multi-member-gzip.tar.gz") + "\"\n");

            // when
            Cli.Result validate = Cli.run("validate", "--config", env.config().toString(), "--scope", "staging");
            Cli.Result run = Cli.run("run", "--config", env.config().toString(), "--host", DemoEnvironment.HOST,
                    "--benchmarks", "latency", "--timeout", "PT3M");

            // then the dry check refuses the configured bundle for what the second member hides
            assertThat(validate.out() + validate.err()).as(validate.toString())
                    .contains("multi-member-gzip", "'etc-link' is a symlink to the absolute path '/etc'");
            // and the run staged the shipped wrapper instead, unpacking exactly its verified listing
            assertThat(run.exit()).as(run.toString()).isZero();
            Path runDir = run.runDir();
            ObjectNode stage = (ObjectNode) Json.readObject(runDir.resolve("state/steps/latency/stage.json")).path("details");
            assertThat(stage.path("rejected").toString()).contains("etc-link");
            assertThat(stage.path("bundle_name").asText()).isEqualTo("latency-wrapper");
            assertThat(stage.path("sha256").asText()).isNotEqualTo(Json.readObject(bundles.resolve("multi-member-gzip.manifest.json"))
                    .path("sha256").asText());
            assertThat(stage.path("entries").asInt()).isEqualTo(1);
            assertThat(JsonlLedger.read(runDir.resolve("command_ledger.jsonl")).records())
                    .filteredOn(c -> c.path("key").asText().equals("latency/stage/unpack")).singleElement()
                    .satisfies(c -> assertThat(c.path("command").asText()).contains("--no-same-owner", "--no-recursion", "--null -T -"));
            org.sth.automation.faults.FaultReport.row("issue 15's two-member gzip bundle with a correct sha256", "refused by validate and preflight; host extracts only the verified listing",
                    "refused ('etc-link' is a symlink to '/etc'); shipped bundle staged, 1 entry extracted", "inputs tried: 1, items lost: 0");
        }
    }

    @Test
    void theHostExtractsOnlyTheVerifiedListingEvenFromAnArchiveThatHoldsMore(@TempDir Path dir) throws Exception {
        // given the archive unpacked by the host command stage uses, told the listing the old check saw (run.sh)
        Path out = dir.resolve("bundle");
        Files.createDirectories(out);
        Process tar = new ProcessBuilder("tar", "-xzf", HOSTILE.resolve("multi-member-gzip.tar.gz").toAbsolutePath().toString(),
                "-C", out.toString(), "--no-same-owner", "--no-recursion", "--no-wildcards", "--null", "-T", "-")
                .redirectErrorStream(true).start();
        try (var stdin = tar.getOutputStream()) {
            stdin.write("run.sh\0".getBytes());
        }
        tar.getInputStream().readAllBytes();

        // then only the listed entry exists: no link, no extra file
        assertThat(tar.waitFor()).isZero();
        try (Stream<Path> s = Files.list(out)) {
            assertThat(s.map(p -> p.getFileName().toString())).containsExactly("run.sh");
        }
    }
}
