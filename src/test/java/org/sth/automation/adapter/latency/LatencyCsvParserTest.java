package org.sth.automation.adapter.latency;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.DoubleSummaryStatistics;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class LatencyCsvParserTest {

    @ParameterizedTest
    @CsvSource({
        LatencyData.I9_12900K + ",24",
        LatencyData.RYZEN_5950X + ",32",
        LatencyData.DUAL_XEON + ",40",
        LatencyData.GRAVITON2 + ",64"})
    void everyRealCsvIsASquareLowerTriangleWithCpuIdsInRowOrder(String file, int n) {
        // given
        String csv = LatencyData.read(file);

        // when
        LatencyMatrix matrix = LatencyCsvParser.parse(csv);

        // then
        assertThat(matrix.size()).isEqualTo(n);
        assertThat(matrix.cpuIds()).isEqualTo(IntStream.range(0, n).boxed().toList());
        assertThat(matrix.isLowerTriangular()).isTrue();
        assertThat(matrix.isFull()).isFalse();
        assertThat(matrix.measured()).hasSize(n * (n - 1) / 2);
        for (int i = 0; i < n; i++) {
            assertThat(matrix.at(i, i)).isNull();
            assertThat(matrix.at(0, i)).isNull();
            if (i < n - 1) {
                assertThat(matrix.at(n - 1, i)).isPositive();
            }
        }
    }

    @Test
    void knownCellsKeepFullPrecision() {
        // given / when
        LatencyMatrix i9 = LatencyCsvParser.parse(LatencyData.read(LatencyData.I9_12900K));
        LatencyMatrix ryzen = LatencyCsvParser.parse(LatencyData.read(LatencyData.RYZEN_5950X));
        LatencyMatrix xeon = LatencyCsvParser.parse(LatencyData.read(LatencyData.DUAL_XEON));
        LatencyMatrix graviton = LatencyCsvParser.parse(LatencyData.read(LatencyData.GRAVITON2));

        // then
        assertThat(i9.at(1, 0)).isEqualTo(4.348333333333333);
        assertThat(i9.at(2, 0)).isEqualTo(37.4483333333333);
        assertThat(i9.at(3, 2)).isEqualTo(4.35);
        assertThat(i9.between(3, 2)).isEqualTo(4.35);
        assertThat(i9.between(2, 3)).isNull();
        assertThat(ryzen.at(1, 0)).isEqualTo(17.752953333333334);
        assertThat(ryzen.at(3, 1)).isEqualTo(15.594399333333332);
        assertThat(xeon.at(1, 0)).isEqualTo(48.283875333333334);
        assertThat(xeon.at(2, 1)).isEqualTo(37.36741533333334);
        assertThat(graviton.at(2, 0)).isEqualTo(42.399561199999994);
        assertThat(graviton.at(3, 1)).isEqualTo(42.3995612);
    }

    @ParameterizedTest
    @CsvSource({LatencyData.I9_12900K, LatencyData.RYZEN_5950X, LatencyData.DUAL_XEON, LatencyData.GRAVITON2})
    void summaryMatchesStatsComputedFromTheRawFile(String file) {
        // given
        String csv = LatencyData.read(file);
        DoubleSummaryStatistics raw = LatencyData.rawStats(csv);

        // when
        LatencySummary summary = LatencySummary.of(LatencyCsvParser.parse(csv), null);

        // then
        assertThat(summary.overall().pairCount()).isEqualTo(raw.getCount());
        assertThat(summary.overall().minNs()).isEqualTo(raw.getMin());
        assertThat(summary.overall().maxNs()).isEqualTo(raw.getMax());
        assertThat(summary.overall().meanNs()).isCloseTo(raw.getAverage(), within(1e-9));
        assertThat(summary.overall().medianNs()).isEqualTo(LatencyData.rawMedian(csv));
        assertThat(summary.byClass()).isEmpty();
    }

    @Test
    void concatenatedBenchmarkBlocksAreSplitBySize() {
        // given: -b 1,2 prints one CSV block per benchmark with no separator
        String i9 = LatencyData.read(LatencyData.I9_12900K);
        String ryzen = LatencyData.read(LatencyData.RYZEN_5950X);

        // when
        List<LatencyMatrix> all = LatencyCsvParser.parseAll(i9 + ryzen);

        // then
        assertThat(all).extracting(LatencyMatrix::size).containsExactly(24, 32);
        assertThat(all.get(1).at(1, 0)).isEqualTo(17.752953333333334);
    }

    @Test
    void malformedCsvIsRejectedWithTheLine() {
        // given
        String ragged = ",,\n1.5,,\n2.5,\n";
        String text = ",\nabc,\n";
        String cut = ",,,\n1.0,,,\n";

        // when / then
        assertThatThrownBy(() -> LatencyCsvParser.parse(ragged)).isInstanceOf(LatencyFormatException.class)
                .hasMessageContaining("line 3");
        assertThatThrownBy(() -> LatencyCsvParser.parse(text)).hasMessageContaining("abc");
        assertThatThrownBy(() -> LatencyCsvParser.parse(cut)).hasMessageContaining("only 2 rows");
        assertThatThrownBy(() -> LatencyCsvParser.parse("\n")).hasMessageContaining("No latency rows");
    }
}
