package org.sth.automation.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sth.automation.Cli;
import org.sth.automation.host.topology.Realdata;
import org.sth.automation.host.topology.TopologyParser;
import org.sth.automation.io.Json;

/**
 * Dry {@code validate --scope staging} for agentsth: readiness from the controller's packaging (source tree, nothing),
 * and the families planned from the topology the host's newest run cached, or pending without one.
 */
class AgentsthStagingTest {

    @TempDir
    Path dir;

    private Path config(boolean sourceTree) throws Exception {
        if (sourceTree) {
            AgentsthStandIn.write(dir.resolve("agentsth-repo"));
        }
        Path c = dir.resolve("lab.toml");
        Files.writeString(c, """
                [paths]
                bundle_cache_dir = "bundle-cache"
                %s
                [auth_refs.key]
                type = "key_file"
                value = "id"

                [[hosts]]
                name = "turind8"
                auth_ref = "key"
                """.formatted(sourceTree ? "agentsth_repo = \"agentsth-repo\"" : "") + AgentsthStandIn.policy("multi_agent = [2]"));
        return c;
    }

    private JsonNode staging(Path config) {
        Cli.Result r = Cli.run("validate", "--config", config.toString(), "--scope", "staging", "--benchmarks", "agentsth");
        return Json.parse(r.out()).path("hosts").get(0);
    }

    @Test
    void aSourceTreeIsReadyViaSourceBuildAndFamiliesWaitForATopology() throws Exception {
        // when
        JsonNode host = staging(config(true));

        // then
        assertThat(host.path("readiness").path("agentsth").path("status").asText()).isEqualTo("ready_via_source_build");
        assertThat(host.path("topology_basis").asText()).contains("no run of turind8", "--benchmarks preflight");
        JsonNode plan = host.path("run_families").path("agentsth");
        assertThat(plan.path("families")).isEmpty();
        assertThat(plan.path("pending")).extracting(p -> p.path("id").asText()).containsExactly("official-all", "all-split2");
    }

    @Test
    void theNewestCachedTopologyOfTheHostPlansTheFamilies() throws Exception {
        // given: the host's last run cached the dual EPYC's topology
        Path run = dir.resolve("automation-runs/2026-04-25/turind8/20260425T212324Z");
        Files.createDirectories(run);
        Json.writeAtomically(run.resolve("cpu_topology.json"),
                TopologyParser.parse(Realdata.Machine.EPYC_7451_2S.sources()).toJson().put("probed_at", "2026-04-25T21:23:30Z"));

        // when
        JsonNode host = staging(config(true));

        // then
        assertThat(host.path("topology_basis").asText()).contains("20260425T212324Z", "probed 2026-04-25T21:23:30Z");
        JsonNode plan = host.path("run_families").path("agentsth");
        assertThat(plan.path("families")).extracting(f -> f.path("id").asText() + " " + f.path("classification").asText())
                .containsExactly("official-all official", "all-split2 supplemental");
        assertThat(plan.path("families").get(1).path("agents").get(1).path("cpus").asText()).isEqualTo("24-47,72-95");
        assertThat(plan.path("lines").get(0).asText()).isEqualTo("official-all [official] profile official, 1 agent: 0-95");
    }

    @Test
    void noSourceTreeAndNoBundleIsBlockedNotReady() throws Exception {
        // when
        JsonNode host = staging(config(false));

        // then
        assertThat(host.path("readiness").path("agentsth").path("status").asText()).isEqualTo("packaging_blocked");
        assertThat(host.path("readiness").path("agentsth").path("status_basis").asText())
                .contains("no source tree on the controller: set [paths] agentsth_repo");
    }
}
