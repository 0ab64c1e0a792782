package org.sth.automation.adapter.latency;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.DoubleSummaryStatistics;
import java.util.Objects;

/** The nviennot/core-to-core-latency files copied into test resources (see SOURCE.txt there). */
final class LatencyData {

    static final String I9_12900K = "results_Intel_Core_i9-12900K.csv";
    static final String RYZEN_5950X = "results_AMD_Ryzen_9_5950X___3.40_GHz.csv";
    static final String DUAL_XEON = "results_Dual_Intel_R__Xeon_R__CPU_E5-2630_v4___2.20GHz.csv";
    static final String GRAVITON2 = "results_AWS_Graviton2.csv";
    static final String README_CONSOLE = "readme_sample_console_output_v1.x.txt";
    static final String EPYC_CONSOLE = "issue-125_EPYC-7453_console_stderr_v1.2-format.EXCERPT.txt";

    private LatencyData() {
    }

    static String read(String name) {
        return resource("/realdata/04-core-to-core-latency/" + name);
    }

    static String resource(String path) {
        try (InputStream in = Objects.requireNonNull(LatencyData.class.getResourceAsStream(path), path)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every non-empty field of the raw file, computed without the parser. */
    static DoubleSummaryStatistics rawStats(String csv) {
        return csv.lines().flatMap(l -> Arrays.stream(l.split(","))).map(String::strip).filter(f -> !f.isEmpty())
                .mapToDouble(Double::parseDouble).summaryStatistics();
    }

    /** Median of every non-empty field of the raw file, computed without the parser. */
    static double rawMedian(String csv) {
        double[] v = csv.lines().flatMap(l -> Arrays.stream(l.split(","))).map(String::strip)
                .filter(f -> !f.isEmpty()).mapToDouble(Double::parseDouble).sorted().toArray();
        return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
    }
}
