package org.sth.automation.host.topology;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.sth.automation.adapter.sysinfo.RealResultSet;

class CollectorTopologyTest {

    private static LscpuSummary summary(Integer threadsPerCore) {
        return new LscpuSummary("x86_64", List.of("Example CPU"), 8, 1, threadsPerCore, 1);
    }

    @Test
    void groupsSmtSiblingsBySocketAndCore() {
        // given
        String csv = "# comment\n0,0,0,0,Y\n1,1,0,0,Y\n2,2,0,0,Y\n3,3,0,0,Y\n4,0,0,0,Y\n5,1,0,0,Y\n6,2,0,0,Y\n7,3,0,0,Y\n";

        // when
        CollectorTopology topology = CollectorTopology.parse(summary(2), csv);

        // then
        assertThat(topology.physicalCoreCount()).isEqualTo(4);
        assertThat(topology.logicalCpuCount()).isEqualTo(8);
        assertThat(topology.primaryCpus()).containsExactly(0, 1, 2, 3);
        assertThat(topology.logicalCpus()).containsExactly(0, 4, 1, 5, 2, 6, 3, 7);
        assertThat(topology.siblingPairs()).containsExactly(List.of(0, 4), List.of(1, 5), List.of(2, 6), List.of(3, 7));
    }

    @Test
    void withoutSmtEveryCpuIsItsOwnGroupEvenWhenCoreIdsRepeat() {
        // given: DGX Spark style, CORE ids repeat across clusters
        String csv = "0,0,0,0,Y\n1,1,0,0,Y\n2,0,0,0,Y\n3,1,0,0,Y\n";

        // when
        CollectorTopology topology = CollectorTopology.parse(summary(1), csv);

        // then
        assertThat(topology.groups()).extracting(CollectorTopology.Group::core).containsExactly(0, 1, 2, 3);
        assertThat(topology.siblingPairs()).isEmpty();
    }

    @Test
    void skipsOfflineCpusShortRowsAndEmptyNodes() {
        // given
        String csv = "0,0,0,,Y\n1,1,0,0,N\n2,2,0\n3,3,1,1,yes\n4,4,1,1\n";

        // when
        CollectorTopology topology = CollectorTopology.parse(summary(2), csv);

        // then
        assertThat(topology.logicalCpus()).containsExactly(0, 3, 4);
        assertThat(topology.groups().get(0).node()).isNull();
        assertThat(topology.distinctSockets()).isEqualTo(2);
    }

    @ParameterizedTest
    @ValueSource(strings = {RealResultSet.AMPONED8, RealResultSet.EVO_X2})
    void reproducesThePublishedTopology(String resultSet) {
        // given
        LscpuSummary summary = LscpuParser.summary(RealResultSet.text(resultSet, "raw/lscpu.txt"));
        String csv = RealResultSet.text(resultSet, "raw/lscpu-topology.csv");
        JsonNode published = RealResultSet.json(resultSet, "summary.json").get("cpu").get("topology");

        // when
        JsonNode topology = CollectorTopology.parse(summary, csv).toJson();

        // then
        assertThat(topology.toString()).isEqualTo(published.toString());
    }

    @Test
    void evoX2PairsEachCoreWithItsSmtSibling() {
        // given
        LscpuSummary summary = LscpuParser.summary(RealResultSet.text(RealResultSet.EVO_X2, "raw/lscpu.txt"));

        // when
        CollectorTopology topology = CollectorTopology.parse(summary,
                RealResultSet.text(RealResultSet.EVO_X2, "raw/lscpu-topology.csv"));

        // then
        assertThat(topology.physicalCoreCount()).isEqualTo(16);
        assertThat(topology.siblingPairs()).hasSize(16).first().isEqualTo(List.of(0, 16));
    }
}
