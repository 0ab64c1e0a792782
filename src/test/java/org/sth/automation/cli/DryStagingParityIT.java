package org.sth.automation.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sth.automation.Cli;
import org.sth.automation.demo.DemoEnvironment;
import org.sth.automation.io.AtomicFiles;
import org.sth.automation.io.Json;

/**
 * Finding 4 of issue 13, from its reproduction: dry staging of a host that a run has already probed. The host is the
 * loopback demo host with a PATH of every /usr/bin tool but {@code lstopo}, so its preflight snapshot says what is
 * missing. Dry staging then predicts from that snapshot (arch and package manager known, lstopo missing with its
 * install command), {@code --scope all} validates the prediction live (and reports a downgrade), an unreachable host
 * keeps what it is expected to need, and system-info stages its wrapper bundle first with the host's own tools as the
 * recorded fallback while its published captures stay those of the original collector.
 */
class DryStagingParityIT {

    @BeforeAll
    static void fast() {
        Cli.fastRoutes();
    }

    /** Every tool of /usr/bin but lstopo, as symbolic links: a host that lacks hwloc. */
    private static Path hostWithoutLstopo(Path dir) throws IOException {
        Path bin = Files.createDirectories(dir.resolve("host-bin"));
        try (Stream<Path> s = Files.list(Path.of("/usr/bin"))) {
            for (Path tool : s.toList()) {
                if (!tool.getFileName().toString().startsWith("lstopo")) {
                    Files.createSymbolicLink(bin.resolve(tool.getFileName().toString()), tool);
                }
            }
        }
        return bin;
    }

    private static JsonNode host(Cli.Result r) {
        return Json.parse(r.out()).path("hosts").get(0);
    }

    @Test
    void dryStagingPredictsFromTheCachedSnapshotLiveValidatesItAndUnreachableKeepsTheExpectations(@TempDir Path dir) throws Exception {
        Path bin = hostWithoutLstopo(dir);
        DemoEnvironment env = DemoEnvironment.start(dir.resolve("demo"), 0, null, o -> o.withPath(bin.toString()));
        try {
            String cfg = env.config().toString();
            // given the reproduction: no run of the host yet, dry staging assumes every command
            Cli.Result before = Cli.run("validate", "--config", cfg, "--scope", "staging", "--benchmarks", "system-info");
            assertThat(host(before).path("readiness_basis").asText()).startsWith("dry: no preflight snapshot of demo-local");
            assertThat(host(before).path("readiness").path("system-info").path("missing_optional")).isEmpty();

            // and a run on the host, which leaves its preflight snapshot (lstopo missing, accepted by the demo config)
            Cli.Result run = Cli.run("run", "--config", cfg, "--host", DemoEnvironment.HOST, "--benchmarks", "system-info", "--timeout", "PT5M");
            assertThat(run.exit()).as(run.toString()).isZero();
            Path runDir = run.runDir();
            String arch = Json.readObject(runDir.resolve("host_inventory_snapshot.json")).path("arch").asText();

            // when
            Cli.Result dry = Cli.run("validate", "--config", cfg, "--scope", "staging", "--benchmarks", "system-info");

            // then the prediction is the snapshot's, and says so
            assertThat(dry.exit()).as(dry.toString()).isZero();
            JsonNode h = host(dry);
            assertThat(h.path("readiness_basis").asText()).startsWith("cached: preflight snapshot of run " + runDir.getParent().getFileName()
                    + "/" + runDir.getFileName()).contains("arch " + arch, "package manager apt-get");
            assertThat(h.path("snapshot").path("run_dir").asText()).isEqualTo(runDir.toString());
            assertThat(h.path("snapshot").path("missing_commands").toString()).contains("lstopo");
            JsonNode sysinfo = h.path("readiness").path("system-info");
            assertThat(sysinfo.path("status").asText()).isEqualTo("ready");
            assertThat(sysinfo.path("missing_optional").toString()).contains("lstopo");
            assertThat(sysinfo.path("install_command").asText()).isEqualTo("sudo apt-get install -y hwloc-nox");
            assertThat(sysinfo.has("validated_readiness_status")).as("no live probe ran").isFalse();
            // system-info: its wrapper bundle first, the host's own tools as the recorded fallback
            assertThat(sysinfo.path("basis").asText()).isEqualTo("captured_cache");
            assertThat(sysinfo.path("packaging").path("bundle").path("name").asText()).isEqualTo("system-info-wrapper");
            assertThat(sysinfo.path("packaging").path("fallback").path("basis").asText()).isEqualTo("runner_fallback");
            // the run staged it, and the captures are the original collector's commands, in its order
            JsonNode stage = Json.readObject(runDir.resolve("state/steps/system-info/stage.json")).path("details");
            assertThat(stage.path("basis").asText()).isEqualTo("captured_cache");
            assertThat(stage.path("bundle_name").asText()).isEqualTo("system-info-wrapper");
            assertThat(stage.path("upload").asText()).isEqualTo("ok");
            assertThat(commands(Json.readObject(runDir.resolve("benchmarks/system-info/manifest.json"))))
                    .isEqualTo(commands(Json.read(Path.of(getClass().getResource("/realdata/01-sth-system-info/evo-x2/manifest.json").toURI()))));

            // when validated live
            Cli.Result all = Cli.run("validate", "--config", cfg, "--scope", "all", "--benchmarks", "system-info");

            // then the live probe's status is reported beside the prediction
            JsonNode live = host(all).path("readiness").path("system-info");
            assertThat(host(all).path("readiness_basis").asText()).startsWith("live: probed on the host; predicted from cached:");
            assertThat(live.path("predicted_readiness_status").asText()).isEqualTo("ready");
            assertThat(live.path("validated_readiness_status").asText()).isEqualTo("ready");
            assertThat(live.path("readiness_downgraded").asBoolean()).isFalse();

            // and given a config that requires lstopo and has no snapshot yet, the live probe downgrades the dry prediction
            Path strict = dir.resolve("strict.toml");
            AtomicFiles.write(strict, Files.readString(env.config()).replace("system-info = [\"lstopo\"]", "")
                    .replace("runs_root = \"automation-runs\"", "runs_root = \"" + dir.resolve("elsewhere") + "\"")
                    .replace("known_hosts = \"known_hosts\"", "known_hosts = \"" + dir.resolve("demo/known_hosts") + "\"")
                    .replace("value = \"keys/id_demo\"", "value = \"" + dir.resolve("demo/keys/id_demo") + "\"")
                    .replace("bundle_cache_dir = \"bundle-cache\"", "bundle_cache_dir = \"" + dir.resolve("demo/bundle-cache") + "\""));
            JsonNode downgraded = host(Cli.run("validate", "--config", strict.toString(), "--scope", "all", "--benchmarks", "system-info"))
                    .path("readiness").path("system-info");
            assertThat(downgraded.path("predicted_readiness_status").asText()).isEqualTo("ready");
            assertThat(downgraded.path("validated_readiness_status").asText()).isEqualTo("missing_runtime_dependencies");
            assertThat(downgraded.path("readiness_downgraded").asBoolean()).isTrue();
            assertThat(downgraded.path("install_command").asText()).isEqualTo("sudo apt-get install -y hwloc-nox");
        } finally {
            env.close();
        }

        // when the host is down
        Cli.Result unreachable = Cli.run("validate", "--config", env.config().toString(), "--scope", "all", "--benchmarks", "system-info");

        // then it keeps what it is expected to need
        JsonNode h = host(unreachable);
        assertThat(unreachable.exit()).isEqualTo(Main.FAILED);
        assertThat(h.path("readiness_basis").asText()).startsWith("live: host unreachable; expected from cached:");
        JsonNode sysinfo = h.path("readiness").path("system-info");
        assertThat(sysinfo.path("status").asText()).isEqualTo("unreachable");
        assertThat(sysinfo.has("validated_readiness_status")).isFalse();
        assertThat(sysinfo.path("predicted_readiness_status").asText()).isEqualTo("ready");
        assertThat(sysinfo.path("expected_commands").toString()).contains("uname", "lscpu", "lstopo", "dmidecode");
        assertThat(sysinfo.path("expected_packages").path("apt-get").toString()).contains("hwloc-nox", "util-linux");
        assertThat(sysinfo.path("install_command").asText()).isEqualTo("sudo apt-get install -y hwloc-nox");
        assertThat(sysinfo.path("expected_install_command").asText()).startsWith("sudo apt-get install -y ");
    }

    private static List<String> commands(JsonNode manifest) {
        List<String> out = new ArrayList<>();
        manifest.path("captures").forEach(c -> out.add(c.path("command").asText()));
        return out;
    }
}
