package org.sth.automation.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sth.automation.Cli;
import org.sth.automation.host.topology.CpuTopology;
import org.sth.automation.host.topology.Realdata;
import org.sth.automation.host.topology.TopologyParser;
import org.sth.automation.io.Json;

/** {@code plan}: families for a captured lscpu file or a host's cached topology, as text and JSON, and its errors. */
class PlanCommandTest {

    private static final String CONFIG = """
            [auth_refs.key]
            type = "key_file"
            value = "id"

            [[hosts]]
            name = "dual-epyc"
            auth_ref = "key"

            [agentsth]
            official_profile = "v6.1-official"
            multi_agent = [2, 5]

            [agentsth.profiles."v6.1-official"]
            args = ["--profile", "v6.1-official"]

            [[agentsth.supplemental]]
            label = "P-cores only"
            cpu_pool = "p_cores"
            """;

    @TempDir
    Path dir;

    private Path config() throws Exception {
        Path c = dir.resolve("lab.toml");
        Files.writeString(c, CONFIG);
        return c;
    }

    private Path lscpu(String resource) throws Exception {
        Path f = dir.resolve("lscpu.txt");
        Files.writeString(f, Realdata.text(resource));
        return f;
    }

    @Test
    void plansAHybridFromACapturedLscpuFileWithItsPAndELists() throws Exception {
        // when
        Cli.Result r = Cli.run("plan", "--config", config().toString(), "--lscpu",
                lscpu(Realdata.HYBRID + "tdf-readme_i9-12900K_lscpu--all--extended.txt").toString(), "--p-cores", "0-15", "--e-cores", "16-23");

        // then
        assertThat(r.exit()).as(r.toString()).isZero();
        assertThat(r.out()).contains("hybrid: P 0-15 / E 16-23 (from sysfs cpu_core/cpu_atom)",
                "family official-all [official]", "  agent 0: 0-23 (24 CPUs)",
                "family all-split2 [supplemental]", "  agent 1: 12-23 (12 CPUs)",
                "family p-cores [supplemental]", "  agent 0: 0-15 (16 CPUs)",
                "skipped all-split5: 24 CPUs do not divide into 5 equal agents");
    }

    @Test
    void jsonListsEveryFamilyAndEverySkippedRequestWithTheAllFamiliesKinds() throws Exception {
        // when
        Cli.Result r = Cli.run("plan", "--config", config().toString(), "--lscpu",
                lscpu(Realdata.DUAL + "GENERATED_from-util-linux-dump_2xEPYC7451.lscpu-p_CPU,CORE,SOCKET,NODE,ONLINE.csv").toString(),
                "--all-families", "--json");

        // then
        assertThat(r.exit()).as(r.toString()).isZero();
        JsonNode plan = Json.parse(r.out()).path("plan");
        assertThat(plan.path("all_families").asBoolean()).isTrue();
        assertThat(plan.path("families")).extracting(f -> f.path("id").asText()).contains("official-all", "all-split2", "socket0", "socket1",
                "numa7", "all-physical", "all-split4");
        JsonNode socket1 = plan.path("families").findParents("id").stream().filter(f -> f.path("id").asText().equals("socket1")).findFirst().orElseThrow();
        assertThat(socket1.path("classification").asText()).isEqualTo("supplemental");
        assertThat(socket1.path("agents").get(0).path("cpus").asText()).isEqualTo("24-47,72-95");
        assertThat(plan.path("skipped")).extracting(s -> s.path("id").asText() + ": " + s.path("reason").asText())
                .contains("all-split5: 96 CPUs do not divide into 5 equal agents")
                .anyMatch(s -> s.startsWith("p-cores: the host is not hybrid"));
    }

    @Test
    void plansAHostFromTheTopologyItsNewestRunCached() throws Exception {
        // given: two runs of the host, the newer one with a cached topology of the dual EPYC
        Path config = config();
        Path older = dir.resolve("automation-runs/2026-01-01/dual-epyc/20260101T000000Z");
        Path newer = dir.resolve("automation-runs/2026-01-02/dual-epyc/20260102T000000Z");
        Files.createDirectories(older);
        Files.createDirectories(newer);
        CpuTopology t = TopologyParser.parse(Realdata.Machine.EPYC_7451_2S.sources());
        Json.writeAtomically(newer.resolve("cpu_topology.json"), t.toJson().put("probed_at", "2026-01-02T00:00:01Z"));

        // when
        Cli.Result r = Cli.run("plan", "--config", config.toString(), "--host", "dual-epyc");

        // then
        assertThat(r.exit()).as(r.toString()).isZero();
        assertThat(r.out()).contains("host dual-epyc", "20260102T000000Z", "probed 2026-01-02T00:00:01Z",
                "agent 1: 24-47,72-95 (48 CPUs)");
    }

    @Test
    void aHostWithoutACachedTopologyIsToldHowToGetOne() throws Exception {
        // when
        Cli.Result r = Cli.run("plan", "--config", config().toString(), "--host", "dual-epyc");

        // then
        assertThat(r.exit()).isEqualTo(Main.FAILED);
        assertThat(r.err()).contains("No run of dual-epyc", "--benchmarks preflight");
    }

    @Test
    void usageErrorsExitTwo() throws Exception {
        Path config = config();
        assertThat(Cli.run("plan", "--config", config.toString()).exit()).isEqualTo(Main.USAGE);
        assertThat(Cli.run("plan", "--config", config.toString(), "--host", "nope").exit()).isEqualTo(Main.USAGE);
        Cli.Result badList = Cli.run("plan", "--config", config.toString(), "--lscpu",
                lscpu(Realdata.HYBRID + "tdf-readme_i9-12900K_lscpu--all--extended.txt").toString(), "--p-cores", "0-x", "--e-cores", "16-23");
        assertThat(badList.exit()).isEqualTo(Main.USAGE);
        assertThat(badList.err()).contains("--p-cores '0-x' is not a cpu list");
        Cli.Result missing = Cli.run("plan", "--config", config.toString(), "--lscpu", dir.resolve("absent.txt").toString());
        assertThat(missing.exit()).isEqualTo(Main.USAGE);
        assertThat(missing.err()).contains("absent.txt (--lscpu)");
    }
}
