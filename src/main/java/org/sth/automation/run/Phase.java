package org.sth.automation.run;

import java.util.Locale;

/** The phases of a run, in order; each is one Camel route consuming its own spool folder. */
public enum Phase {
    DISCOVER, PREFLIGHT, STAGE, EXECUTE, COLLECT, PUBLISH, FINALIZE;

    /** Lower-case name used in spool folders, route ids, events and step manifests. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The phase after this one, or {@code null} after finalize. */
    public Phase next() {
        return ordinal() + 1 < values().length ? values()[ordinal() + 1] : null;
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
