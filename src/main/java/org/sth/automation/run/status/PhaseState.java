package org.sth.automation.run.status;

import java.util.Locale;

/** The state of one phase of a run ({@code status.json phases.<phase>.state}). */
public enum PhaseState {
    /** Not entered yet. */
    PENDING,
    /** Being processed. */
    RUNNING,
    /** Left normally; the run moved on. */
    COMPLETED,
    /** Left with an error that Camel retries. */
    FAILED,
    /** Failed after its retries: the message is in the recovery queue. */
    RECOVERY,
    /** The controller stopped while the phase ran. */
    INTERRUPTED;

    /** The snake_case name written to JSON. */
    @com.fasterxml.jackson.annotation.JsonValue
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The state named {@code id}; a missing or unknown name reads as {@link #PENDING}. */
    @com.fasterxml.jackson.annotation.JsonCreator
    public static PhaseState of(String id) {
        for (PhaseState s : values()) {
            if (s.id().equals(id)) {
                return s;
            }
        }
        return PENDING;
    }
}
