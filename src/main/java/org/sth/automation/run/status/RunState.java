package org.sth.automation.run.status;

import java.util.Locale;

/** The state of a whole run ({@code status.json state}). */
public enum RunState {
    /** Waiting in a spool for a controller (or for its host, held by another run). */
    QUEUED,
    /** A phase of the run is being processed. */
    RUNNING,
    /** Every phase completed and every step succeeded. */
    COMPLETED,
    /** Every phase completed; some steps did not succeed. */
    COMPLETED_WITH_FAILURES,
    /** The run ended without completing. */
    FAILED,
    /** A phase failed after its retries; its message waits in {@code recovery/<phase>/} for a replay. */
    RECOVERY,
    /** The controller stopped while the run was in flight; {@code resume} continues it. */
    INTERRUPTED;

    /** The snake_case name written to JSON. */
    @com.fasterxml.jackson.annotation.JsonValue
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The state named {@code id}; a missing or unknown name reads as {@link #QUEUED}. */
    @com.fasterxml.jackson.annotation.JsonCreator
    public static RunState of(String id) {
        for (RunState s : values()) {
            if (s.id().equals(id)) {
                return s;
            }
        }
        return QUEUED;
    }

    /** The run reached its end: nothing more happens to it unless it is resumed. */
    public boolean isFinished() {
        return this == COMPLETED || this == COMPLETED_WITH_FAILURES || this == FAILED;
    }

    /** Nothing happens to the run until an operator acts (finished, parked in recovery, or interrupted). */
    public boolean isSettled() {
        return isFinished() || this == RECOVERY || this == INTERRUPTED;
    }
}
