package org.sth.automation.adapter.latency;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

/**
 * Parses the {@code --csv} stdout of nviennot/core-to-core-latency: N lines of N comma-separated latencies (ns), no
 * header, empty fields for unmeasured cells; several benchmarks are concatenated blocks with no separator.
 */
public final class LatencyCsvParser {

    private LatencyCsvParser() {
    }

    /** The first (usually only) matrix; CPU ids are the row positions 0..n-1, as the tool prints them without -c. */
    public static LatencyMatrix parse(String csv) {
        List<LatencyMatrix> all = parseAll(csv);
        if (all.isEmpty()) {
            throw new LatencyFormatException("No latency rows in CSV");
        }
        return all.get(0);
    }

    /** Every matrix in the CSV, in order; each block is as many lines as its first line has fields. */
    public static List<LatencyMatrix> parseAll(String csv) {
        List<String> lines = (csv == null ? "" : csv).lines().map(String::strip).filter(l -> !l.isEmpty()).toList();
        List<LatencyMatrix> matrices = new ArrayList<>();
        int at = 0;
        while (at < lines.size()) {
            int n = lines.get(at).split(",", -1).length;
            if (at + n > lines.size()) {
                throw new LatencyFormatException("CSV block at line " + (at + 1) + " has " + n + " columns but only "
                        + (lines.size() - at) + " rows");
            }
            Double[][] cells = new Double[n][n];
            for (int i = 0; i < n; i++) {
                String[] fields = lines.get(at + i).split(",", -1);
                if (fields.length != n) {
                    throw new LatencyFormatException("CSV line " + (at + i + 1) + " has " + fields.length
                            + " fields, expected " + n);
                }
                for (int j = 0; j < n; j++) {
                    cells[i][j] = value(fields[j], at + i + 1);
                }
            }
            matrices.add(new LatencyMatrix(IntStream.range(0, n).boxed().toList(), cells));
            at += n;
        }
        return matrices;
    }

    private static Double value(String field, int line) {
        String text = field.strip();
        if (text.isEmpty()) {
            return null;
        }
        try {
            double value = Double.parseDouble(text);
            if (!Double.isFinite(value)) {
                throw new LatencyFormatException("CSV line " + line + ": not a finite latency '" + text + "'");
            }
            return value;
        } catch (NumberFormatException e) {
            throw new LatencyFormatException("CSV line " + line + ": not a number '" + text + "'");
        }
    }
}
