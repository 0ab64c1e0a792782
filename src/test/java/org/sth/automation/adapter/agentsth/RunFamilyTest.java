package org.sth.automation.adapter.agentsth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.sth.automation.host.topology.CpuSet;

class RunFamilyTest {

    @Test
    void mainstreamOfficialIsAllOnlineCpusWithTheOfficialProfile() {
        // given: 2x EPYC 7451, all 96 CPUs online
        CpuSet online = CpuSet.parse("0-95");

        // when
        RunFamily family = RunFamilies.mainstreamOfficial(online, "official-v1");

        // then
        assertThat(family.id()).isEqualTo("official-all");
        assertThat(family.official()).isTrue();
        assertThat(family.profile()).isEqualTo("official-v1");
        assertThat(family.cpus()).isEqualTo(online);
        assertThat(family.label()).isEqualTo("All online CPUs (96), profile official-v1");
        assertThat(family.tasksetPrefix()).containsExactly("taskset", "-c", "0-95");
        assertThat(family.tasksetPrefixShell()).isEqualTo("taskset -c 0-95 ");
    }

    @Test
    void pinnedCommandPrependsTheTasksetPrefix() {
        // given: the i9-12900K P-cores as a supplemental family
        RunFamily pCores = RunFamilies.supplemental("p-cores", "P-cores only", CpuSet.parse("0-23"),
                CpuSet.parse("0-15"), "official-v1");

        // when
        List<String> argv = pCores.pinned(List.of("./agentsth", "run", "--profile", "official-v1"));

        // then
        assertThat(argv).containsExactly("taskset", "-c", "0-15", "./agentsth", "run", "--profile", "official-v1");
        assertThat(pCores.official()).isFalse();
    }

    @Test
    void supplementalFamilyOnOfflineCpusIsRejected() {
        // when / then
        assertThatThrownBy(() -> RunFamilies.supplemental("e-cores", "E", CpuSet.parse("0-15"),
                CpuSet.parse("12-23"), "p")).hasMessageContaining("not online: 16-23");
    }

    @Test
    void jsonFormRoundTrips() {
        // given
        RunFamily family = RunFamilies.mainstreamOfficial(CpuSet.parse("0-23,48-71"), "official-v1");

        // when
        JsonNode json = family.toJson();
        RunFamily back = RunFamily.fromJson(json);

        // then
        assertThat(json.path("id").asText()).isEqualTo("official-all");
        assertThat(json.path("cpus").asText()).isEqualTo("0-23,48-71");
        assertThat(json.path("cpu_count").asInt()).isEqualTo(48);
        assertThat(json.path("official").asBoolean()).isTrue();
        assertThat(json.path("command_prefix").toString()).isEqualTo("[\"taskset\",\"-c\",\"0-23,48-71\"]");
        assertThat(back).isEqualTo(family);
    }

    @Test
    void invalidFamiliesAreRejected() {
        // when / then
        assertThatThrownBy(() -> new RunFamily("Official All", null, CpuSet.parse("0"), "p", true))
                .hasMessageContaining("lower-case");
        assertThatThrownBy(() -> new RunFamily("x", null, CpuSet.parse(""), "p", true))
                .hasMessageContaining("empty CPU set");
        assertThatThrownBy(() -> new RunFamily("x", null, CpuSet.parse("0"), " ", true))
                .hasMessageContaining("no profile");
        assertThat(new RunFamily("x", null, CpuSet.parse("0"), "p", false).label()).isEqualTo("x");
    }
}
