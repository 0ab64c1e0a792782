package org.sth.automation.adapter.agentsth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.sth.automation.host.topology.CpuSet;

class RunFamilyTest {

    @Test
    void jsonFormListsEveryAgentAndReadsBack() {
        // given
        RunFamily family = new RunFamily("all-split2", "2 agents", "official-v1", false, "all", "logical",
                List.of(CpuSet.parse("0-23"), CpuSet.parse("24-47")));

        // when
        ObjectNode json = family.toJson();

        // then
        assertThat(json.path("classification").asText()).isEqualTo("supplemental");
        assertThat(json.path("cpus").asText()).isEqualTo("0-47");
        assertThat(json.path("agent_count").asInt()).isEqualTo(2);
        assertThat(json.path("agents").get(1).path("cpus").asText()).isEqualTo("24-47");
        assertThat(RunFamily.fromJson(json)).isEqualTo(family);
    }

    @Test
    void agentsMayNotShareCpus() {
        assertThatThrownBy(() -> new RunFamily("x", null, "p", false, "all", "logical", List.of(CpuSet.parse("0-3"), CpuSet.parse("3-5"))))
                .hasMessageContaining("pins two agents to CPUs 3");
    }

    @Test
    void invalidFamiliesAreRejected() {
        assertThatThrownBy(() -> new RunFamily("Official All", null, CpuSet.parse("0"), "p", true))
                .hasMessageContaining("lower-case");
        assertThatThrownBy(() -> new RunFamily("x", null, CpuSet.parse(""), "p", true)).hasMessageContaining("without CPUs");
        assertThatThrownBy(() -> new RunFamily("x", null, CpuSet.parse("0"), " ", true)).hasMessageContaining("no profile");
        assertThat(new RunFamily("x", null, CpuSet.parse("0"), "p", false).label()).isEqualTo("x");
        assertThat(new RunFamily("x", null, CpuSet.parse("0"), "p", true).classification()).isEqualTo("official");
    }
}
