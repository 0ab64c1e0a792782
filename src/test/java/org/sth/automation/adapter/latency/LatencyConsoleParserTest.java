package org.sth.automation.adapter.latency;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Locale;
import org.junit.jupiter.api.Test;

class LatencyConsoleParserTest {

    @Test
    void readmeSampleOldLayout() {
        // given
        String console = LatencyData.read(LatencyData.README_CONSOLE);

        // when
        LatencyConsoleReport report = LatencyConsoleParser.parse(console);

        // then
        assertThat(report.cpuBrand()).isNull();
        assertThat(report.numCores()).isEqualTo(10);
        assertThat(report.iterationsPerSample()).isEqualTo(1000);
        assertThat(report.samples()).isEqualTo(300);
        assertThat(report.benchmarks()).hasSize(1);
        LatencyConsoleReport.Benchmark b = report.benchmarks().get(0);
        assertThat(b.title()).isEqualTo("Showing latency=round-trip-time/2 in nanoseconds:");
        assertThat(b.complete()).isTrue();
        assertThat(b.matrix().size()).isEqualTo(10);
        assertThat(b.matrix().isLowerTriangular()).isTrue();
        assertThat(b.matrix().measured()).hasSize(45);
        assertThat(b.matrix().between(1, 0)).isEqualTo(52.0);
        assertThat(b.errors().between(1, 0)).isEqualTo(6.0);
        assertThat(b.matrix().between(9, 8)).isEqualTo(39.0);
        assertThat(b.matrix().between(6, 4)).isEqualTo(49.0);
        assertThat(b.reportedMin()).isEqualTo(new LatencyConsoleReport.Extreme(34.5, 6.1, 4, 0));
        assertThat(b.reportedMax()).isEqualTo(new LatencyConsoleReport.Extreme(52.1, 9.4, 1, 0));
        assertThat(b.reportedMeanNs()).isEqualTo(38.4);
        LatencyStats stats = LatencySummary.of(b.matrix(), null).overall();
        assertThat(stats.minPair()).isEqualTo(new LatencyMatrix.Cell(4, 0, 34.0));
        assertThat(stats.maxPair()).isEqualTo(new LatencyMatrix.Cell(1, 0, 52.0));
    }

    @Test
    void epycExcerptV12LayoutIsReadUpToTheCutAndMarkedIncomplete() {
        // given
        String console = LatencyData.read(LatencyData.EPYC_CONSOLE);

        // when
        LatencyConsoleReport report = LatencyConsoleParser.parse(console);

        // then
        assertThat(report.cpuBrand()).isEqualTo("AMD EPYC 7453 28-Core Processor");
        assertThat(report.numCores()).isEqualTo(56);
        assertThat(report.iterationsPerSample()).isEqualTo(5000);
        assertThat(report.samples()).isEqualTo(300);
        LatencyConsoleReport.Benchmark b = report.benchmarks().get(0);
        assertThat(b.title()).isEqualTo("1) CAS latency on a single shared cache line");
        assertThat(b.complete()).isFalse();
        assertThat(b.matrix().size()).isEqualTo(56);
        assertThat(b.matrix().between(1, 0)).isEqualTo(29.0);
        assertThat(b.matrix().between(7, 0)).isEqualTo(225.0);
        assertThat(b.matrix().between(8, 7)).isEqualTo(26.0);
        assertThat(b.matrix().between(11, 10)).isEqualTo(24.0);
        assertThat(b.matrix().between(12, 8)).isEqualTo(24.0);
        assertThat(b.matrix().between(12, 9)).isNull();
        assertThat(b.matrix().measured()).hasSize(11 * 12 / 2 + 9);
        assertThat(b.reportedMeanNs()).isNull();
    }

    @Test
    void asymmetricBenchmarkKeepsCellsInTheirColumnsAroundTheBlankDiagonal() {
        // given: a benchmark-3 block built with the tool's own format strings, bold ANSI codes included
        double[][] v = {{0, 70, 71}, {80, 0, 72}, {81, 82, 0}};
        StringBuilder text = new StringBuilder("CPU: Test CPU\nNum cores: 3\n\n3) Message passing\n\n       ");
        for (int j = 0; j < 3; j++) {
            text.append(String.format(Locale.ROOT, " %4d   ", j));
        }
        text.append('\n');
        for (int i = 0; i < 3; i++) {
            text.append(String.format(Locale.ROOT, "    %3d", i));
            for (int j = 0; j < 3; j++) {
                text.append(i == j ? "        " : String.format(Locale.ROOT, " \u001B[1m%4.0f\u001B[0m±%-2.0f", v[i][j], 3.0));
            }
            text.append('\n');
        }
        text.append("\n    Min  latency: 70.1ns ±0.3 cores: (0,1)\n    Max  latency: 82.0ns ±0.2 cores: (2,1)\n"
                + "    Mean latency: 76.0ns\n");

        // when
        LatencyConsoleReport.Benchmark b = LatencyConsoleParser.parse(text.toString()).benchmarks().get(0);

        // then
        assertThat(b.title()).isEqualTo("3) Message passing");
        assertThat(b.complete()).isTrue();
        assertThat(b.matrix().isFull()).isTrue();
        assertThat(b.matrix().between(0, 1)).isEqualTo(70.0);
        assertThat(b.matrix().between(0, 2)).isEqualTo(71.0);
        assertThat(b.matrix().between(1, 0)).isEqualTo(80.0);
        assertThat(b.matrix().between(1, 2)).isEqualTo(72.0);
        assertThat(b.matrix().between(2, 1)).isEqualTo(82.0);
        assertThat(b.matrix().between(1, 1)).isNull();
        assertThat(b.reportedMax()).isEqualTo(new LatencyConsoleReport.Extreme(82.0, 0.2, 2, 1));
        assertThat(b.reportedMeanNs()).isEqualTo(76.0);
    }

    @Test
    void textWithoutAMatrixGivesNoBenchmark() {
        // given
        String console = "bash: core-to-core-latency: command not found\n";

        // when
        LatencyConsoleReport report = LatencyConsoleParser.parse(console);

        // then
        assertThat(report.benchmarks()).isEmpty();
        assertThat(report.numCores()).isNull();
    }
}
