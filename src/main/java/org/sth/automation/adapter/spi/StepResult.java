package org.sth.automation.adapter.spi;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.sth.automation.io.Json;

/**
 * The outcome of one step: {@code completed}, {@code failed}, {@code terminated}, {@code stalled},
 * {@code timeout_connect} or {@code interrupted}, with details for its step manifest.
 */
public record StepResult(String outcome, ObjectNode details) {

    public static StepResult completed(ObjectNode details) {
        return new StepResult("completed", details);
    }

    public static StepResult failed(String reason, ObjectNode details) {
        ObjectNode d = details == null ? Json.object() : details;
        d.put("reason", reason);
        return new StepResult("failed", d);
    }

    /** The engine stopped the step at its ceiling (the remote process group was killed). */
    public static StepResult terminated(java.time.Duration ceiling, ObjectNode details) {
        ObjectNode d = details == null ? Json.object() : details;
        d.put("ceiling_secs", ceiling.toSeconds());
        if (!d.has("reason")) {
            d.put("reason", "ceiling of " + ceiling.toSeconds() + " s reached; process group terminated");
        }
        return new StepResult("terminated", d);
    }

    public boolean isCompleted() {
        return "completed".equals(outcome);
    }
}
