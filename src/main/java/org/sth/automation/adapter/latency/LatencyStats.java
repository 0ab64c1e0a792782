package org.sth.automation.adapter.latency;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Comparator;
import java.util.List;

/** Min / median / max / mean (ns) over a set of measured CPU pairs, with the pairs at the extremes. */
public record LatencyStats(int pairCount, double minNs, double medianNs, double maxNs, double meanNs,
        LatencyMatrix.Cell minPair, LatencyMatrix.Cell maxPair) {

    /** Stats of {@code cells}, or {@code null} when there are none. */
    public static LatencyStats of(List<LatencyMatrix.Cell> cells) {
        if (cells.isEmpty()) {
            return null;
        }
        double[] sorted = cells.stream().mapToDouble(LatencyMatrix.Cell::nanos).sorted().toArray();
        int n = sorted.length;
        double median = n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2.0;
        double mean = cells.stream().mapToDouble(LatencyMatrix.Cell::nanos).sum() / n;
        LatencyMatrix.Cell min = cells.stream().min(Comparator.comparingDouble(LatencyMatrix.Cell::nanos)).orElseThrow();
        LatencyMatrix.Cell max = cells.stream().max(Comparator.comparingDouble(LatencyMatrix.Cell::nanos)).orElseThrow();
        return new LatencyStats(n, sorted[0], median, sorted[n - 1], mean, min, max);
    }

    /** JSON object with {@code pair_count, min_ns, median_ns, max_ns, mean_ns, min_pair, max_pair}. */
    public ObjectNode toJson() {
        ObjectNode node = JsonNodeFactory.instance.objectNode();
        node.put("pair_count", pairCount);
        node.put("min_ns", round(minNs));
        node.put("median_ns", round(medianNs));
        node.put("max_ns", round(maxNs));
        node.put("mean_ns", round(meanNs));
        node.putArray("min_pair").add(minPair.rowCpu()).add(minPair.columnCpu());
        node.putArray("max_pair").add(maxPair.rowCpu()).add(maxPair.columnCpu());
        return node;
    }

    // three decimals keep summary.json diff-stable; the raw CSV keeps full precision
    static double round(double value) {
        return Math.round(value * 1000.0) / 1000.0;
    }
}
