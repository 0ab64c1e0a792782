package org.sth.automation.adapter.latency;

import java.util.List;

/**
 * What core-to-core-latency printed on its human-readable stream: the preamble and one block per benchmark; fields the
 * output did not contain are {@code null}.
 */
public record LatencyConsoleReport(String cpuBrand, Integer numCores, Integer iterationsPerSample, Integer samples,
        List<Benchmark> benchmarks) {

    public LatencyConsoleReport {
        benchmarks = List.copyOf(benchmarks);
    }

    /**
     * One printed matrix: rounded mean latencies and their ± standard errors (ns), the tool's own min/max/mean lines,
     * and whether every expected row and cell was present (false for truncated captures).
     */
    public record Benchmark(String title, LatencyMatrix matrix, LatencyMatrix errors, boolean complete,
            Extreme reportedMin, Extreme reportedMax, Double reportedMeanNs) {
    }

    /** A "Min/Max latency: X.Yns ±Z cores: (i,j)" line. */
    public record Extreme(double nanos, double error, int rowCpu, int columnCpu) {
    }
}
