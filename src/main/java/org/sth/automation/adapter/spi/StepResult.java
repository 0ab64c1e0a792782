package org.sth.automation.adapter.spi;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import org.sth.automation.io.Json;
import org.sth.automation.run.status.Outcome;

/** The outcome of one step with the details written into its step manifest. */
public record StepResult(Outcome outcome, ObjectNode details) {

    public StepResult {
        details = details == null ? Json.object() : details;
    }

    public static StepResult completed(ObjectNode details) {
        return new StepResult(Outcome.COMPLETED, details);
    }

    /** The step ran and did not succeed; {@code reason} says why, for operators. */
    public static StepResult failed(String reason, ObjectNode details) {
        return withReason(Outcome.FAILED, reason, details);
    }

    /** The step did not run because something before it forbids it; {@code reason} says what. */
    public static StepResult blocked(String reason, ObjectNode details) {
        return withReason(Outcome.BLOCKED, reason, details);
    }

    /** The benchmark itself was interrupted (not the run): it printed no result. */
    public static StepResult interrupted(String reason, ObjectNode details) {
        return withReason(Outcome.INTERRUPTED, reason, details);
    }

    /** The engine stopped the step at its ceiling (the remote process group was killed). */
    public static StepResult terminated(Duration ceiling, ObjectNode details) {
        ObjectNode d = details == null ? Json.object() : details;
        d.put("ceiling_secs", ceiling.toSeconds());
        if (!d.has("reason")) {
            d.put("reason", "ceiling of " + ceiling.toSeconds() + " s reached; process group terminated");
        }
        return new StepResult(Outcome.TERMINATED, d);
    }

    private static StepResult withReason(Outcome outcome, String reason, ObjectNode details) {
        ObjectNode d = details == null ? Json.object() : details;
        d.put("reason", reason);
        return new StepResult(outcome, d);
    }

    public boolean isCompleted() {
        return outcome == Outcome.COMPLETED;
    }
}
