package org.sth.automation.adapter.latency;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.sth.automation.host.topology.CpuTopology;

/**
 * Statistics of one latency matrix over its measured off-diagonal pairs, overall and, when a CPU topology is known,
 * per {@link PairClass}; rendered as the {@code summary.json} object and as markdown.
 */
public record LatencySummary(int cpuCount, boolean lowerTriangular, LatencyStats overall,
        Map<PairClass, LatencyStats> byClass) {

    public LatencySummary {
        byClass = byClass.isEmpty() ? Map.of() : Map.copyOf(new EnumMap<>(byClass));
    }

    /** Summary of {@code matrix}; {@code topology} may be {@code null}, then no per-class stats are computed. */
    public static LatencySummary of(LatencyMatrix matrix, CpuTopology topology) {
        List<LatencyMatrix.Cell> cells = matrix.measured();
        Map<PairClass, LatencyStats> byClass = new EnumMap<>(PairClass.class);
        if (topology != null) {
            // socket and physical core (index into the model's cores) of every online CPU
            Map<Integer, List<Integer>> place = new HashMap<>();
            List<CpuTopology.Core> cores = topology.cores();
            for (int i = 0; i < cores.size(); i++) {
                for (Integer cpu : cores.get(i).cpus().cpus()) {
                    place.put(cpu, Arrays.asList(cores.get(i).socket(), i));
                }
            }
            Map<PairClass, List<LatencyMatrix.Cell>> split = new EnumMap<>(PairClass.class);
            for (LatencyMatrix.Cell cell : cells) {
                split.computeIfAbsent(classify(place.get(cell.rowCpu()), place.get(cell.columnCpu())),
                        k -> new ArrayList<>()).add(cell);
            }
            split.forEach((k, v) -> byClass.put(k, LatencyStats.of(v)));
        }
        return new LatencySummary(matrix.size(), matrix.isLowerTriangular(), LatencyStats.of(cells), byClass);
    }

    private static PairClass classify(List<Integer> a, List<Integer> b) {
        if (a == null || b == null) {
            return PairClass.UNCLASSIFIED;
        }
        if (a.get(0) == null ? b.get(0) != null : !a.get(0).equals(b.get(0))) {
            return PairClass.CROSS_SOCKET;
        }
        return a.get(1).equals(b.get(1)) ? PairClass.SMT_SIBLING : PairClass.SAME_SOCKET;
    }

    /** The latency block of {@code summary.json}; absent classes are {@code null}, the whole map is absent without topology. */
    public ObjectNode toJson() {
        ObjectNode node = JsonNodeFactory.instance.objectNode();
        node.put("cpu_count", cpuCount);
        node.put("matrix_shape", lowerTriangular ? "lower_triangle" : "full");
        if (overall == null) {
            node.putNull("overall");
        } else {
            node.set("overall", overall.toJson());
        }
        if (!byClass.isEmpty()) {
            ObjectNode classes = node.putObject("by_pair_class");
            for (PairClass pairClass : PairClass.values()) {
                LatencyStats stats = byClass.get(pairClass);
                if (stats != null) {
                    classes.set(pairClass.key(), stats.toJson());
                } else if (pairClass != PairClass.UNCLASSIFIED) {
                    classes.putNull(pairClass.key());
                }
            }
        }
        return node;
    }

    /** A markdown section: one table row for all pairs and one per pair class present. */
    public String toMarkdown() {
        StringBuilder md = new StringBuilder();
        md.append("## Core-to-core latency\n\n");
        md.append("CPUs: ").append(cpuCount).append(" (").append(lowerTriangular ? "symmetric, lower triangle measured"
                : "asymmetric, full matrix").append(")\n\n");
        md.append("| Pairs | Count | Min (ns) | Median (ns) | Max (ns) | Mean (ns) |\n");
        md.append("|---|---:|---:|---:|---:|---:|\n");
        row(md, "All", overall);
        for (PairClass pairClass : PairClass.values()) {
            if (byClass.containsKey(pairClass)) {
                row(md, pairClass.title(), byClass.get(pairClass));
            }
        }
        if (byClass.isEmpty()) {
            md.append("\nNo CPU topology was given, so pairs are not split by SMT / socket.\n");
        }
        return md.toString();
    }

    private static void row(StringBuilder md, String label, LatencyStats stats) {
        if (stats == null) {
            md.append("| ").append(label).append(" | 0 | - | - | - | - |\n");
            return;
        }
        md.append(String.format(Locale.ROOT, "| %s | %d | %.1f | %.1f | %.1f | %.1f |\n", label, stats.pairCount(),
                stats.minNs(), stats.medianNs(), stats.maxNs(), stats.meanNs()));
    }
}
