package org.sth.automation.run.status;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;

/**
 * The measurement verdicts of each benchmark in {@code status.json} ({@code integrity.<benchmark>}): the quiet-host
 * verdict with its reasons and policy, the repetition verdict with its runs and largest spread (from the execute step's
 * details), and whether the publish step refused the result. {@code status} and the run page print {@link #lines}.
 */
public final class IntegritySummary {

    private IntegritySummary() {
    }

    /** Keeps the verdicts of a finished execute or publish step in {@code status.integrity}. */
    public static void record(ObjectNode status, String adapter, Phase phase, ObjectNode details) {
        if (details == null || adapter == null) {
            return;
        }
        if (phase == Phase.EXECUTE && (details.path("quiet").isObject() || details.path("repetition").isObject())) {
            ObjectNode i = status.with("integrity").putObject(adapter);
            JsonNode q = details.path("quiet");
            if (q.isObject()) {
                i.put("quiet", q.path("verdict").asText());
                i.put("quiet_policy", q.path("policy").asText());
                i.set("quiet_reasons", q.path("reasons").isArray() ? q.path("reasons").deepCopy() : i.arrayNode());
                i.set("quiet_unknown", q.path("unknown").isObject() ? q.path("unknown").deepCopy() : i.objectNode());
            }
            JsonNode r = details.path("repetition");
            if (r.isObject()) {
                i.put("repetition", r.path("verdict").asText());
                i.put("runs", r.path("runs").asInt());
                i.set("largest_spread_percent", r.path("largest_spread_percent"));
                i.set("max_spread_percent", r.path("max_spread_percent"));
            }
        } else if (phase == Phase.PUBLISH && "quiet_policy".equals(details.path("refused_by").asText())) {
            status.with("integrity").with(adapter).put("publish", "refused");
        }
    }

    /** One line per benchmark, e.g. {@code latency: host noisy (before: ...); 4 runs agreed, largest spread 1.2 % (limit 5 %)}. */
    public static List<String> lines(JsonNode status) {
        List<String> out = new ArrayList<>();
        status.path("integrity").fields().forEachRemaining(e -> {
            JsonNode i = e.getValue();
            StringBuilder s = new StringBuilder(e.getKey()).append(": ");
            if (i.has("quiet")) {
                s.append("host ").append(i.path("quiet").asText()).append(" (policy ").append(i.path("quiet_policy").asText()).append(')');
                List<String> why = new ArrayList<>();
                i.path("quiet_reasons").forEach(r -> why.add(r.asText()));
                if (why.isEmpty() && !i.path("quiet_unknown").isEmpty()) {
                    List<String> unknown = new ArrayList<>();
                    i.path("quiet_unknown").fieldNames().forEachRemaining(unknown::add);
                    why.add("could not check " + String.join(", ", unknown));
                }
                if (!why.isEmpty()) {
                    s.append(": ").append(String.join("; ", why));
                }
            }
            if (i.has("repetition")) {
                s.append(i.has("quiet") ? "; " : "").append(i.path("runs").asInt()).append(" runs ").append(i.path("repetition").asText().replace('_', ' '));
                if (i.path("largest_spread_percent").isNumber()) {
                    s.append(", largest spread ").append(i.path("largest_spread_percent").asText()).append(" % (limit ")
                            .append(i.path("max_spread_percent").asText()).append(" %)");
                }
            }
            if ("refused".equals(i.path("publish").asText())) {
                s.append("; not published (quiet_policy refuse)");
            }
            out.add(s.toString());
        });
        return out;
    }
}
