package org.sth.automation.adapter.geekbench;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A parsed Geekbench console capture; every field the capture did not show is {@code null} (scores are only printed by
 * offline runs, uploaded runs show them on the result page only).
 */
public record GeekbenchResult(GeekbenchOutcome outcome, Integer majorVersion, String version, String edition,
        Integer singleCoreScore, Integer multiCoreScore, Map<String, Integer> singleCoreSubscores,
        Map<String, Integer> multiCoreSubscores, List<Workload> singleCoreWorkloads, List<Workload> multiCoreWorkloads,
        String resultUrl, String claimUrl, String lastSection, List<String> notes) {

    public GeekbenchResult {
        singleCoreSubscores = Collections.unmodifiableMap(new LinkedHashMap<>(singleCoreSubscores));
        multiCoreSubscores = Collections.unmodifiableMap(new LinkedHashMap<>(multiCoreSubscores));
        singleCoreWorkloads = List.copyOf(singleCoreWorkloads);
        multiCoreWorkloads = List.copyOf(multiCoreWorkloads);
        notes = List.copyOf(notes);
    }

    /** One workload row of an offline run: name, score, and the throughput as printed ("249.1 MB/sec"). */
    public record Workload(String name, int score, double value, String unit) {
    }

    /** Whether the capture holds a usable result (an uploaded URL or offline scores). */
    public boolean hasResult() {
        return outcome == GeekbenchOutcome.UPLOADED || outcome == GeekbenchOutcome.UPLOADED_WITH_CLAIM
                || outcome == GeekbenchOutcome.OFFLINE_SCORES;
    }

    /** The result object for the geekbench step's summary.json. */
    public ObjectNode toJson() {
        ObjectNode node = JsonNodeFactory.instance.objectNode();
        node.put("outcome", outcome.key());
        node.put("major_version", majorVersion);
        node.put("version", version);
        node.put("edition", edition);
        node.put("single_core_score", singleCoreScore);
        node.put("multi_core_score", multiCoreScore);
        node.put("result_url", resultUrl);
        node.put("claim_url", claimUrl);
        ObjectNode sub = node.putObject("subscores");
        singleCoreSubscores.forEach(sub.putObject("single_core")::put);
        multiCoreSubscores.forEach(sub.putObject("multi_core")::put);
        if (singleCoreSubscores.isEmpty()) {
            sub.remove("single_core");
        }
        if (multiCoreSubscores.isEmpty()) {
            sub.remove("multi_core");
        }
        ObjectNode workloads = node.putObject("workloads");
        workloads(workloads, "single_core", singleCoreWorkloads);
        workloads(workloads, "multi_core", multiCoreWorkloads);
        node.put("last_section", lastSection);
        notes.forEach(node.putArray("notes")::add);
        return node;
    }

    private static void workloads(ObjectNode parent, String key, List<Workload> list) {
        if (list.isEmpty()) {
            return;
        }
        var array = parent.putArray(key);
        for (Workload w : list) {
            ObjectNode row = array.addObject();
            row.put("name", w.name());
            row.put("score", w.score());
            row.put("value", w.value());
            row.put("unit", w.unit());
        }
    }
}
