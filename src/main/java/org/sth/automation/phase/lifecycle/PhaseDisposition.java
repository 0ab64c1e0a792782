package org.sth.automation.phase.lifecycle;

/**
 * What happened to a phase message, one value on its exchange ({@link Exchanges#DISPOSITION}), set by the step that
 * decided it (routes/00-phase-lifecycle.camel.yaml): take → admit → enter → work → leave → hand on. The phase-event
 * policy reads it when the exchange is done, and records {@code phase_left} for a message that entered its phase and did
 * not leave it (it failed, was parked or held).
 */
public enum PhaseDisposition {
    /** Taken from the spool or the broker and parsed (take). */
    TAKEN,
    /** The spool file was gone when its exchange began: another exchange consumed it since the poll listed it (take). */
    ALREADY_CONSUMED,
    /**
     * A stale copy: its run is already in a later phase, or finished, or another controller runs its phase from another
     * copy of the message; dropped, recorded as such (admit).
     */
    DUPLICATE,
    /** Its host is held by another run: broker mode queued it again with a delay; this delivery records nothing (admit). */
    DEFERRED,
    /** Its run holds its host now and may go on (admit). */
    ADMITTED,
    /** In its phase: {@code phase_entered} written on the host-pool thread that runs it (enter). */
    ENTERED,
    /** Its work done: {@code phase_left} completed written, before the hand-on makes the next phase's message (leave). */
    LEFT,
    /** Failed after its retries and parked in {@code recovery/<phase>/} (the recovery writer). */
    PARKED,
    /** A storage failure (disk full, read-only, run directory gone): held in its spool, run interrupted (the recovery writer). */
    HELD,
    /** Broker mode: this controller was stopping (or its storage failed); the delivery was rolled back for another (the recovery writer). */
    HANDED_BACK,
    /**
     * Another controller took the run over while this one ran its phase (its holder epoch is higher: this one was cut
     * from the broker past the connection TTL, or paused): nothing more is written here, the delivery is rolled back (the
     * recovery writer).
     */
    FENCED;

    /** Whether the message goes on past the admit step. */
    public boolean admitted() {
        return this == ADMITTED;
    }
}
