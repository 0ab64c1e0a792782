package org.sth.automation.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/** A validation report said in lines: one per host's reachability, per benchmark's readiness, per publish target. */
final class ValidationLines {

    private ValidationLines() {
    }

    /** Every line, good and bad, in report order (the result document's {@code messages}). */
    static List<String> of(JsonNode report) {
        return lines(report, false);
    }

    /** Only what is not ready (the result document's error message). */
    static List<String> problems(JsonNode report) {
        List<String> out = lines(report, true);
        return out.isEmpty() ? List.of("see report") : out;
    }

    private static List<String> lines(JsonNode report, boolean problemsOnly) {
        List<String> out = new ArrayList<>();
        for (JsonNode h : report.path("hosts")) {
            String host = h.path("host").asText();
            if (h.has("reachable")) {
                boolean ok = h.path("reachable").asBoolean();
                if (!ok || !problemsOnly) {
                    StringBuilder l = new StringBuilder("host " + host + ": " + (ok ? "reachable" : "NOT reachable"));
                    for (JsonNode hop : h.path("hops")) {
                        if (!"ok".equals(hop.path("status").asText())) {
                            l.append("; hop ").append(hop.path("hop").asText()).append(' ').append(hop.path("status").asText()).append(": ")
                                    .append(hop.path("message").asText());
                        }
                    }
                    out.add(l.toString());
                }
            }
            h.path("readiness").fields().forEachRemaining(b -> {
                String status = b.getValue().path("status").asText();
                boolean ok = List.of("ready", "ready_with_local_bundle", "ready_via_source_build", "bundle_invalid_fallback_available").contains(status);
                if (!ok || !problemsOnly) {
                    out.add("host " + host + " benchmark " + b.getKey() + ": " + status
                            + (b.getValue().hasNonNull("install_command") ? " (install: " + b.getValue().path("install_command").asText() + ")" : ""));
                }
            });
        }
        JsonNode publish = report.has("adapters") ? report : report.path("publish");
        for (JsonNode a : publish.path("adapters")) {
            boolean ok = a.path("ok").asBoolean(true);
            if (!ok || !problemsOnly) {
                List<String> failed = new ArrayList<>();
                a.path("checks").forEach(c -> {
                    if (!c.path("ok").asBoolean() && c.path("required").asBoolean()) {
                        failed.add(c.path("check").asText() + ": " + c.path("detail").asText());
                    }
                });
                out.add("publish " + a.path("adapter").asText() + ": " + (ok ? "ok" : "NOT ready") + (failed.isEmpty() ? "" : " (" + String.join("; ", failed) + ")"));
            }
        }
        return out;
    }
}
