package org.sth.automation.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sth.automation.Cli;
import org.sth.automation.bundle.SafeTarReader;
import org.sth.automation.demo.DemoEnvironment;
import org.sth.automation.host.topology.CpuSet;
import org.sth.automation.io.Json;
import org.sth.automation.run.JsonlLedger;

/**
 * agentsth end to end on the loopback host (this machine): the source tree is packed without sidecars, built on the
 * host, the official family and a 2-agent split run pinned, and the affinity each agent had, read back on the host,
 * matches the plan; a host whose taskset pins wrongly fails exactly the family it broke, with both CPU sets.
 */
class AgentsthRunIT {

    @BeforeAll
    static void fast() {
        Cli.fastRoutes();
    }

    private static String online() throws Exception {
        return Files.readString(Path.of("/sys/devices/system/cpu/online")).strip();
    }

    private static JsonNode family(Path run, String id) {
        for (JsonNode f : Json.readObject(run.resolve("benchmarks/agentsth/families.json")).path("families")) {
            if (f.path("id").asText().equals(id)) {
                return f;
            }
        }
        throw new AssertionError("no family " + id + " in families.json");
    }

    private static JsonNode planned(Path run, String id) {
        for (JsonNode f : Json.readObject(run.resolve("benchmarks/agentsth/families.json")).path("plan").path("families")) {
            if (f.path("id").asText().equals(id)) {
                return f;
            }
        }
        throw new AssertionError("no planned family " + id);
    }

    @Test
    void sourceIsPackedBuiltOnTheHostAndEveryAgentRunsWhereThePlanPinnedIt(@TempDir Path dir) throws Exception {
        try (DemoEnvironment env = DemoEnvironment.start(dir, 0, null)) {
            // given: this machine's CPUs split in two agents (the loopback host has 2 CPUs, no SMT)
            AgentsthStandIn.write(dir.resolve("agentsth-repo"));
            Files.writeString(env.config(), AgentsthStandIn.withRepo(Files.readString(env.config()), "agentsth-repo")
                    + AgentsthStandIn.policy("multi_agent = [2]"));

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

            // the official family: every online CPU, one agent, the official profile's arguments
            ObjectNode official = Json.readObject(run.resolve("benchmarks/agentsth/run_family.json"));
            assertThat(official.path("id").asText()).isEqualTo("official-all");
            assertThat(official.path("classification").asText()).isEqualTo("official");
            assertThat(official.path("cpus").asText()).isEqualTo(online());
            ObjectNode results = Json.readObject(run.resolve("benchmarks/agentsth/official-all/agent-0/results.json"));
            assertThat(results.path("args").asText()).isEqualTo("--profile official");
            assertThat(CpuSet.parse(results.path("affinity").asText())).isEqualTo(CpuSet.parse(online()));

            // the split: each agent's recorded affinity (read on the host) is its planned set, and the agent saw it too
            JsonNode split = family(run, "all-split2");
            assertThat(split.path("outcome").asText()).isEqualTo("completed");
            assertThat(split.path("pin_tool").asText()).isEqualTo("taskset");
            JsonNode plannedSplit = planned(run, "all-split2");
            assertThat(split.path("agents")).hasSize(2);
            for (int i = 0; i < 2; i++) {
                JsonNode agent = split.path("agents").get(i);
                String plan = plannedSplit.path("agents").get(i).path("cpus").asText();
                assertThat(agent.path("planned_cpus").asText()).isEqualTo(plan);
                assertThat(CpuSet.parse(agent.path("start_affinity").asText())).isEqualTo(CpuSet.parse(plan));
                assertThat(agent.path("affinity_ok").asBoolean()).isTrue();
                ObjectNode own = Json.readObject(run.resolve("benchmarks/agentsth/all-split2/agent-" + i + "/results.json"));
                assertThat(CpuSet.parse(own.path("affinity").asText())).isEqualTo(CpuSet.parse(plan));
                assertThat(own.path("agent").asText()).isEqualTo(String.valueOf(i));
            }
            assertThat(CpuSet.parse(plannedSplit.path("agents").get(0).path("cpus").asText())
                    .intersect(CpuSet.parse(plannedSplit.path("agents").get(1).path("cpus").asText())).isEmpty()).isTrue();

            // each family is its own checkpointed command
            List<String> keys = JsonlLedger.read(run.resolve("command_ledger.jsonl")).records().stream()
                    .map(l -> l.path("key").asText()).filter(k -> k.startsWith("agentsth/execute/")).toList();
            assertThat(keys).containsExactly("agentsth/execute/official-all", "agentsth/execute/all-split2");
            assertThat(Files.readString(run.resolve("preflight/summary.md"))).contains("## Planned run families: agentsth",
                    "all-split2 [supplemental]");
        }
    }

    @Test
    void aTasksetThatPinsWronglyFailsTheFamilyItBrokeWithBothSets(@TempDir Path dir) throws Exception {
        // given: a host whose taskset pins every list but the whole machine's to CPU 0
        Path bin = dir.resolve("bad-bin");
        Files.createDirectories(bin);
        String real = new ProcessBuilder("sh", "-c", "command -v taskset").start().inputReader().readLine().strip();
        Path fake = bin.resolve("taskset");
        Files.writeString(fake, "#!/bin/sh\nif [ \"$1\" = \"-c\" ] && [ \"$2\" != \"" + online() + "\" ]; then shift 2; exec " + real
                + " -c 0 \"$@\"; fi\nexec " + real + " \"$@\"\n");
        Files.setPosixFilePermissions(fake, PosixFilePermissions.fromString("rwxr-xr-x"));
        try (DemoEnvironment env = DemoEnvironment.start(dir, 0, null, o -> o.withPathPrefix(bin))) {
            AgentsthStandIn.write(dir.resolve("agentsth-repo"));
            Files.writeString(env.config(), AgentsthStandIn.withRepo(Files.readString(env.config()), "agentsth-repo")
                    + AgentsthStandIn.policy("multi_agent = [2]"));

            // when
            Cli.Result r = Cli.run("run", "--config", env.config().toString(), "--host", DemoEnvironment.HOST,
                    "--benchmarks", "agentsth", "--timeout", "PT3M");

            // then: the official family is intact, the split is failed with the planned and the actual set
            Path run = r.runDir();
            assertThat(family(run, "official-all").path("outcome").asText()).as(r.toString()).isEqualTo("completed");
            JsonNode split = family(run, "all-split2");
            assertThat(split.path("outcome").asText()).isEqualTo("failed");
            String planned1 = planned(run, "all-split2").path("agents").get(1).path("cpus").asText();
            assertThat(split.path("reason").asText()).contains("affinity mismatch", "agent 1 planned " + planned1 + ", actual 0");
            assertThat(split.path("agents").get(1).path("affinity_ok").asBoolean()).isFalse();
            assertThat(Files.exists(run.resolve("benchmarks/agentsth/all-split2"))).isFalse();
            ObjectNode status = Json.readObject(run.resolve("status.json"));
            assertThat(status.path("warnings").path("agentsth_families").path("message").asText()).contains("all-split2", "affinity mismatch");
        }
    }
}
