package org.sth.automation.bundle;

import java.util.Locale;

/** The readiness states of one benchmark on one host (table with next actions in docs/bundles.md). */
public enum ReadinessStatus {
    /** Runnable: a verified configured/cached bundle, the host's installed runner, or host tools only. */
    READY,
    /** Runnable with a bundle from the controller's local dist dir, local builder or repo fallback. */
    READY_WITH_LOCAL_BUNDLE,
    /** Runnable by building from source on the host (possibly after a bootstrap such as rustup). */
    READY_VIA_SOURCE_BUILD,
    /** A bundle was refused (sha256, arch, unsafe, incomplete) and a lower-precedence source is used. */
    BUNDLE_INVALID_FALLBACK_AVAILABLE,
    /** No candidate is usable: nothing can be staged. */
    PACKAGING_BLOCKED,
    /** Packaging is fine but the host lacks package-managed commands the run needs. */
    MISSING_RUNTIME_DEPENDENCIES,
    /** The host could not be reached. */
    UNREACHABLE;

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Whether a run may proceed in this state. */
    public boolean runnable() {
        return this == READY || this == READY_WITH_LOCAL_BUNDLE || this == READY_VIA_SOURCE_BUILD || this == BUNDLE_INVALID_FALLBACK_AVAILABLE;
    }
}
