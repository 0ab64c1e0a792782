package org.sth.automation.run.status;

import java.util.Locale;

/** How a step of a benchmark ended, as recorded in its step manifest, in events and in {@code status.json steps}. */
public enum Outcome {
    /** The step did its work; a completed step is never redone. */
    COMPLETED,
    /** The step ran and did not succeed (the reason is in its manifest). */
    FAILED,
    /** The engine stopped the step at its ceiling and killed its remote process group. */
    TERMINATED,
    /** The step showed no sign of life for too long. */
    STALLED,
    /** The host could not be reached in time. */
    TIMEOUT_CONNECT,
    /** The run was stopped (operator signal, controller shutdown) while the step ran; it is redone on resume. */
    INTERRUPTED,
    /** The step did not run: readiness or an earlier step of the same benchmark forbade it (the reason says which). */
    BLOCKED,
    /** The step had nothing to do. */
    SKIPPED;

    /** The snake_case name written to JSON. */
    @com.fasterxml.jackson.annotation.JsonValue
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The outcome named {@code id}; an unknown name is an {@link IllegalArgumentException} naming the known ones. */
    @com.fasterxml.jackson.annotation.JsonCreator
    public static Outcome of(String id) {
        for (Outcome o : values()) {
            if (o.id().equals(id)) {
                return o;
            }
        }
        throw new IllegalArgumentException("Unknown step outcome '" + id + "'");
    }
}
