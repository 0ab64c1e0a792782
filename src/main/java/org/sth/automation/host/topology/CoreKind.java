package org.sth.automation.host.topology;

import java.util.Locale;

/** What kind of core a CPU sits on: a performance or an efficiency core of a hybrid part, or a core of a uniform one. */
public enum CoreKind {
    /** A performance core of a hybrid part (Intel P-core, Arm big core, AMD full-size core beside compact ones). */
    PERFORMANCE,
    /** An efficiency core of a hybrid part (Intel E-core, Arm little core, AMD compact core). */
    EFFICIENCY,
    /** A core of a part whose cores are all alike, or whose kinds the host did not report. */
    UNIFORM;

    /** The snake_case name written to JSON. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The kind named {@code id} ({@code uniform} for null or anything unknown). */
    public static CoreKind of(String id) {
        for (CoreKind k : values()) {
            if (k.id().equals(id)) {
                return k;
            }
        }
        return UNIFORM;
    }
}
