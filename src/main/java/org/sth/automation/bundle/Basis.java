package org.sth.automation.bundle;

import java.util.Locale;

/** Where the artifact staged for a benchmark comes from, in precedence order; recorded as {@code basis} in the step manifest. */
public enum Basis {
    /** A bundle path given in the config for this adapter. */
    CONFIGURED_BUNDLE,
    /** A bundle in the controller's {@code bundle-cache/}. */
    CAPTURED_CACHE,
    /** A bundle in the local dist dir (a checkout's build output). */
    LOCAL_DIST,
    /** A controller-side script that builds the bundle at stage time. */
    LOCAL_BUILDER,
    /** A bundle kept in the controller's repository. */
    REPO_FALLBACK,
    /** No bundle: the host already has the benchmark's runner commands installed. */
    RUNNER_FALLBACK,
    /** No bundle: the benchmark is built from source on the host. */
    SOURCE_BUILD,
    /** The adapter stages nothing (it runs the host's own tools). */
    NOT_REQUIRED;

    /** The snake_case name written to manifests and reports. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }
}
