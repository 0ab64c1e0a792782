package org.sth.automation.run.status;

import java.util.Locale;

/**
 * The phases of a run, in order: the single source of that order. Each is one Camel route consuming its own spool
 * (route id {@link #routeId()}); a route hands its message to {@link #next()}.
 */
public enum Phase {
    DISCOVER(false), PREFLIGHT(false), STAGE(true), EXECUTE(true), COLLECT(true), PUBLISH(true), FINALIZE(false);

    private final boolean perBenchmark;

    Phase(boolean perBenchmark) {
        this.perBenchmark = perBenchmark;
    }

    /** Lower-case name used in spool folders, events and step manifests. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The id of the Camel route that runs this phase, {@code phase-<id>}; checked at start-up. */
    public String routeId() {
        return "phase-" + id();
    }

    /** Whether the phase runs one step per benchmark (the others run one step for the host). */
    public boolean perBenchmark() {
        return perBenchmark;
    }

    /** The phase after this one, or {@code null} after finalize. */
    public Phase next() {
        return ordinal() + 1 < values().length ? values()[ordinal() + 1] : null;
    }

    /** The phase before this one, or {@code null} before discover. */
    public Phase previous() {
        return ordinal() > 0 ? values()[ordinal() - 1] : null;
    }

    public static Phase of(String id) {
        for (Phase p : values()) {
            if (p.id().equals(id)) {
                return p;
            }
        }
        throw new IllegalArgumentException("Unknown phase '" + id + "'; phases: discover, preflight, stage, execute, collect, publish, finalize");
    }
}
