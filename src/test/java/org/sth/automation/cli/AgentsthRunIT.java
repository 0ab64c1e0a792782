package org.sth.automation.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sth.automation.Cli;
import org.sth.automation.bundle.SafeTarReader;
import org.sth.automation.demo.DemoEnvironment;
import org.sth.automation.io.Json;
import org.sth.automation.run.JsonlLedger;

/**
 * The agentsth source-build path end to end: a source tree (with macOS sidecars and .git that must
 * not travel) is packed on the controller, uploaded, built with make on the host, and the official
 * run family runs pinned to every online CPU with the official profile's arguments.
 */
class AgentsthRunIT {

    @BeforeAll
    static void fast() {
        Cli.fastRoutes();
    }

    @Test
    void sourceIsPackedWithoutSidecarsBuiltOnTheHostAndTheOfficialFamilyRuns(@TempDir Path dir) throws Exception {
        try (DemoEnvironment env = DemoEnvironment.start(dir, 0, null)) {
            // given an agentsth source tree whose build makes a runner that records how it was called
            Path repo = dir.resolve("agentsth-repo");
            Files.createDirectories(repo.resolve(".git"));
            Files.writeString(repo.resolve(".git/HEAD"), "ref: refs/heads/main\n");
            Files.writeString(repo.resolve("._agentsth.in"), "macOS resource fork");
            Files.writeString(repo.resolve(".DS_Store"), "finder");
            Files.writeString(repo.resolve("Makefile"), "agentsth: agentsth.in\n\tcp agentsth.in agentsth && chmod +x agentsth\n");
            Files.writeString(repo.resolve("agentsth.in"), "#!/bin/sh\n"
                    + "printf '{\"affinity\":\"%s\",\"args\":\"%s\"}\\n' \"$(taskset -cp $$ | sed 's/.*: //')\" \"$*\" > \"$OUT/results.json\"\n");
            String toml = Files.readString(env.config())
                    .replace("bundle_cache_dir = \"bundle-cache\"", "bundle_cache_dir = \"bundle-cache\"\nagentsth_repo = \"agentsth-repo\"")
                    + "\n[agentsth]\nofficial_profile = \"official\"\n\n[agentsth.profiles.official]\nargs = [\"--profile\", \"official\"]\n";
            Files.writeString(env.config(), toml);

            // when
            Cli.Result r = Cli.run("run", "--config", env.config().toString(), "--host", DemoEnvironment.HOST,
                    "--benchmarks", "agentsth", "--timeout", "PT3M");

            // then
            assertThat(r.exit()).as(r.toString()).isZero();
            Path run = r.runDir();
            ObjectNode stage = Json.readObject(run.resolve("state/steps/agentsth/stage.json"));
            assertThat(stage.path("details").path("basis").asText()).isEqualTo("source_build");
            String sha = stage.path("details").path("source_tarball_sha256").asText();
            assertThat(SafeTarReader.list(run.resolve("state/agentsth-source.tar.gz")))
                    .extracting(e -> e.name())
                    .contains("source/Makefile", "source/agentsth.in")
                    .noneMatch(n -> n.contains("._") || n.contains(".DS_Store") || n.contains(".git"));
            assertThat(JsonlLedger.read(run.resolve("transfer_ledger.jsonl")).records())
                    .anyMatch(t -> "upload".equals(t.path("direction").asText()) && sha.equals(t.path("sha256").asText()));

            ObjectNode family = Json.readObject(run.resolve("benchmarks/agentsth/run_family.json"));
            assertThat(family.path("id").asText()).isEqualTo("official-all");
            assertThat(family.path("official").asBoolean()).isTrue();
            String online = Files.readString(Path.of("/sys/devices/system/cpu/online")).strip();
            assertThat(family.path("cpus").asText()).isEqualTo(online);
            ObjectNode results = Json.readObject(run.resolve("benchmarks/agentsth/results.json"));
            assertThat(results.path("args").asText()).isEqualTo("--profile official");
            assertThat(results.path("affinity").asText()).isNotBlank();
        }
    }
}
