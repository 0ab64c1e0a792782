package org.sth.automation.engine.integrity;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.math3.stat.descriptive.DescriptiveStatistics;
import org.sth.automation.io.Json;

/**
 * The statistics of repeated runs, per metric: count, median, mean, sample standard deviation, min, max and the spread,
 * the standard deviation in % of the mean (the relative deviation Phoronix Test Suite compares). The runs agree when every
 * metric's spread is at most the threshold.
 */
record RunStatistics(Map<String, Metric> metrics) {

    public static final String AGREED = "agreed";
    public static final String SPREAD_ABOVE_THRESHOLD = "spread_above_threshold";
    public static final String TOO_FEW_RUNS = "too_few_runs";
    public static final String NO_NUMBERS = "no_numeric_result";

    /** One metric over the runs that gave it. */
    record Metric(int n, double median, double mean, double stddev, double min, double max, double spreadPercent) {
    }

    /** The statistics of the values each run gave (metric name to value, in run order). */
    static RunStatistics of(List<Map<String, Double>> runs) {
        Map<String, List<Double>> byMetric = new LinkedHashMap<>();
        runs.forEach(r -> r.forEach((k, v) -> byMetric.computeIfAbsent(k, x -> new ArrayList<>()).add(v)));
        Map<String, Metric> out = new LinkedHashMap<>();
        byMetric.forEach((k, values) -> {
            DescriptiveStatistics d = new DescriptiveStatistics(values.stream().mapToDouble(Double::doubleValue).toArray());
            double sd = values.size() < 2 ? 0 : d.getStandardDeviation();
            double mean = d.getMean();
            double spread = sd == 0 ? 0 : mean == 0 ? Double.POSITIVE_INFINITY : 100.0 * sd / Math.abs(mean);
            out.put(k, new Metric(values.size(), d.getPercentile(50), mean, sd, d.getMin(), d.getMax(), spread));
        });
        return new RunStatistics(out);
    }

    /** {@link #AGREED} or why not, for runs that should agree within {@code maxSpreadPercent}. */
    String verdict(int runs, double maxSpreadPercent) {
        if (metrics.isEmpty()) {
            return NO_NUMBERS;
        }
        if (runs < 2 || metrics.values().stream().anyMatch(m -> m.n() < 2)) {
            return TOO_FEW_RUNS;
        }
        return metrics.values().stream().allMatch(m -> m.spreadPercent() <= maxSpreadPercent) ? AGREED : SPREAD_ABOVE_THRESHOLD;
    }

    /** The largest spread of any metric ({@code 0} without metrics). */
    double largestSpread() {
        return metrics.values().stream().mapToDouble(Metric::spreadPercent).max().orElse(0);
    }

    ObjectNode toJson() {
        ObjectNode o = Json.object();
        metrics.forEach((k, m) -> o.putObject(k).put("runs", m.n()).put("median", round(m.median())).put("mean", round(m.mean()))
                .put("stddev", round(m.stddev())).put("min", round(m.min())).put("max", round(m.max()))
                .put("spread_percent", Double.isInfinite(m.spreadPercent()) ? null : round(m.spreadPercent())));
        return o;
    }

    static Double round(double v) {
        return Math.round(v * 1000.0) / 1000.0;
    }
}
