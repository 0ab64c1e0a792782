package org.sth.automation.validate;

import java.util.Locale;

/** What {@code validate --scope} checks. */
public enum Scope {
    /** The config file alone (exit 2 when bad). */
    CONFIG,
    /** Every hop of every selected host: reached, host key verified, authenticated. */
    CONNECTIVITY,
    /** Dry: the packaging of each benchmark on the controller; host commands assumed present. */
    STAGING,
    /** Results repositories, remotes and gh. */
    PUBLISH,
    /** Connectivity, live readiness (probed on each host) and publish. */
    ALL;

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The scope named {@code id}, or null. */
    public static Scope of(String id) {
        for (Scope s : values()) {
            if (s.id().equals(id)) {
                return s;
            }
        }
        return null;
    }
}
