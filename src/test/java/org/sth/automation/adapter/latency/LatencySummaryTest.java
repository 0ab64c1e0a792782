package org.sth.automation.adapter.latency;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.sth.automation.host.topology.CpuTopology;
import org.sth.automation.host.topology.TopologyParser;
import org.sth.automation.host.topology.TopologySources;

class LatencySummaryTest {

    /**
     * 2x E5-2630 v4 (10C/20T each) in the usual Linux enumeration: CPUs 0-9 socket 0, 10-19 socket 1, n+20 is the SMT
     * sibling of n. No lscpu was published with the CSV; the enumeration is the kernel's default for this part.
     */
    private static CpuTopology dualXeonTopology() {
        String csv = IntStream.range(0, 40)
                .mapToObj(cpu -> cpu + "," + (cpu % 20) + "," + (cpu % 20) / 10 + "," + (cpu % 20) / 10 + ",Y")
                .collect(Collectors.joining("\n"));
        return TopologyParser.parse(TopologySources.lscpuTable(csv));
    }

    /** The i9-12900K's own published {@code lscpu --all --extended} (TDF README), read by the one topology parser. */
    private static CpuTopology i9Topology() {
        return TopologyParser.parse(TopologySources.lscpuTable(LatencyData.resource(
                "/realdata/02-cpu-topology/a-intel-hybrid/tdf-readme_i9-12900K_lscpu--all--extended.txt")));
    }

    @Test
    void dualSocketXeonCrossSocketPairsAreSlowerThanSameSocketAndSmtSiblingsFastest() {
        // given
        LatencyMatrix matrix = LatencyCsvParser.parse(LatencyData.read(LatencyData.DUAL_XEON));

        // when
        LatencySummary summary = LatencySummary.of(matrix, dualXeonTopology());

        // then
        LatencyStats smt = summary.byClass().get(PairClass.SMT_SIBLING);
        LatencyStats same = summary.byClass().get(PairClass.SAME_SOCKET);
        LatencyStats cross = summary.byClass().get(PairClass.CROSS_SOCKET);
        assertThat(smt.pairCount()).isEqualTo(20);
        assertThat(same.pairCount()).isEqualTo(2 * (20 * 19 / 2 - 10));
        assertThat(cross.pairCount()).isEqualTo(20 * 20);
        assertThat(smt.pairCount() + same.pairCount() + cross.pairCount()).isEqualTo(summary.overall().pairCount());
        assertThat(summary.byClass()).doesNotContainKey(PairClass.UNCLASSIFIED);
        assertThat(cross.minNs()).isGreaterThan(same.maxNs());
        assertThat(same.minNs()).isGreaterThan(smt.maxNs());
        assertThat(cross.medianNs()).isGreaterThan(2 * same.medianNs());
        assertThat(smt.maxPair()).isEqualTo(new LatencyMatrix.Cell(20, 0, matrix.between(20, 0)));
    }

    @Test
    void perClassStatsMatchAnIndependentSplitOfTheRawCells() {
        // given: cross-socket cells are those whose two CPUs differ in (cpu % 20) / 10
        String csv = LatencyData.read(LatencyData.DUAL_XEON);
        List<String> lines = csv.lines().toList();
        List<Double> cross = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String[] f = lines.get(i).split(",");
            for (int j = 0; j < f.length; j++) {
                if (!f[j].isEmpty() && (i % 20) / 10 != (j % 20) / 10) {
                    cross.add(Double.parseDouble(f[j]));
                }
            }
        }

        // when
        LatencyStats stats = LatencySummary.of(LatencyCsvParser.parse(csv), dualXeonTopology()).byClass()
                .get(PairClass.CROSS_SOCKET);

        // then
        assertThat(stats.minNs()).isEqualTo(cross.stream().mapToDouble(Double::doubleValue).min().orElseThrow());
        assertThat(stats.maxNs()).isEqualTo(cross.stream().mapToDouble(Double::doubleValue).max().orElseThrow());
        assertThat(stats.meanNs()).isCloseTo(cross.stream().mapToDouble(Double::doubleValue).average().orElseThrow(),
                org.assertj.core.api.Assertions.within(1e-9));
    }

    @Test
    void hybridI9SmtSiblingsFromItsOwnLscpuAreTheFastPairs() {
        // given
        LatencyMatrix matrix = LatencyCsvParser.parse(LatencyData.read(LatencyData.I9_12900K));

        // when
        LatencySummary summary = LatencySummary.of(matrix, i9Topology());

        // then: 8 P-cores with 2 threads each, E-cores have none; one socket
        LatencyStats smt = summary.byClass().get(PairClass.SMT_SIBLING);
        assertThat(smt.pairCount()).isEqualTo(8);
        assertThat(smt.maxNs()).isLessThan(5.0);
        assertThat(summary.byClass().get(PairClass.SAME_SOCKET).minNs()).isGreaterThan(20.0);
        assertThat(summary.byClass()).doesNotContainKey(PairClass.CROSS_SOCKET);
        assertThat(summary.toJson().at("/by_pair_class/cross_socket").isNull()).isTrue();
    }

    @Test
    void cpusMissingFromTheTopologyAreUnclassified() {
        // given: the Xeon topology covers CPUs 0-39 only; a 64-CPU Graviton2 matrix goes beyond it
        LatencyMatrix matrix = LatencyCsvParser.parse(LatencyData.read(LatencyData.GRAVITON2));

        // when
        LatencySummary summary = LatencySummary.of(matrix, dualXeonTopology());

        // then
        assertThat(summary.byClass().get(PairClass.UNCLASSIFIED).pairCount()).isEqualTo(64 * 63 / 2 - 40 * 39 / 2);
    }

    @Test
    void jsonAndMarkdownCarryTheNumbers() {
        // given
        LatencySummary summary = LatencySummary.of(LatencyCsvParser.parse(LatencyData.read(LatencyData.DUAL_XEON)),
                dualXeonTopology());

        // when
        JsonNode json = summary.toJson();
        String markdown = summary.toMarkdown();

        // then
        assertThat(json.path("cpu_count").asInt()).isEqualTo(40);
        assertThat(json.path("matrix_shape").asText()).isEqualTo("lower_triangle");
        assertThat(json.at("/overall/pair_count").asInt()).isEqualTo(780);
        assertThat(json.at("/overall/min_ns").asDouble()).isEqualTo(LatencyStats.round(summary.overall().minNs()));
        assertThat(json.at("/by_pair_class/smt_sibling/pair_count").asInt()).isEqualTo(20);
        assertThat(json.at("/by_pair_class/cross_socket/max_pair").size()).isEqualTo(2);
        assertThat(json.at("/by_pair_class").has("unclassified")).isFalse();
        assertThat(markdown).contains("| All | 780 |", "| Cross socket | 400 |", "| SMT siblings (same core) | 20 |");
    }

    @Test
    void withoutTopologyJsonHasNoClassBlockAndMarkdownSaysSo() {
        // given
        LatencySummary summary = LatencySummary.of(LatencyCsvParser.parse(LatencyData.read(LatencyData.GRAVITON2)),
                null);

        // when / then
        assertThat(summary.toJson().has("by_pair_class")).isFalse();
        assertThat(summary.toMarkdown()).contains("| All | 2016 |", "No CPU topology was given");
    }

    @Test
    void emptyMatrixHasNullStats() {
        // given
        LatencyMatrix matrix = LatencyCsvParser.parse(",\n,\n");

        // when
        LatencySummary summary = LatencySummary.of(matrix, null);

        // then
        assertThat(summary.overall()).isNull();
        assertThat(summary.toJson().get("overall").isNull()).isTrue();
        assertThat(summary.toMarkdown()).contains("| All | 0 | - |");
    }
}
