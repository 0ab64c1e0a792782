package org.sth.automation.run;

import org.sth.automation.io.DocumentSchema;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.sth.automation.io.Json;

/**
 * What one run is asked to do: one host, its benchmarks in order, and where its config lives.
 * Written once to {@code state/plan.json}; never changes afterwards.
 */
public record RunPlan(
        String runId,
        String requestId,
        String host,
        List<String> benchmarks,
        String configPath,
        String workRoot,
        Instant createdAt) {

    public RunPlan {
        benchmarks = List.copyOf(benchmarks);
    }

    public ObjectNode toJson() {
        ObjectNode n = Json.object();
        DocumentSchema.PLAN.stamp(n);
        n.put("run_id", runId);
        n.put("request_id", requestId);
        n.put("host", host);
        benchmarks.forEach(n.putArray("benchmarks")::add);
        n.put("config", configPath);
        n.put("work_root", workRoot);
        n.put("created_at", createdAt.toString());
        return n;
    }

    public static RunPlan fromJson(ObjectNode n) {
        List<String> b = new ArrayList<>();
        n.path("benchmarks").forEach(x -> b.add(x.asText()));
        return new RunPlan(n.path("run_id").asText(), n.path("request_id").asText(null), n.path("host").asText(),
                b, n.path("config").asText(), n.path("work_root").asText(), Instant.parse(n.path("created_at").asText()));
    }
}
