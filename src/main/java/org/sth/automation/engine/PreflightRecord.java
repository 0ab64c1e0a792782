package org.sth.automation.engine;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import org.sth.automation.bundle.ReadinessStatus;
import org.sth.automation.io.Json;
import org.sth.automation.run.RunLayout;
import org.sth.automation.run.StepManifests;
import org.sth.automation.run.status.Phase;

/**
 * What preflight recorded about a run's benchmarks (its step manifest {@code state/steps/preflight/preflight.json}),
 * read by every later step: which benchmarks may run, the packaging each was resolved to, the probe's command key.
 */
public final class PreflightRecord {

    /** The adapter name preflight's own step manifest is filed under. */
    public static final String STEP = "preflight";
    /** Command key of the first probe; a readiness re-check on resume uses {@code preflight/probe/recheck-<stamp>}. */
    public static final String PROBE_KEY = "preflight/probe";

    private PreflightRecord() {
    }

    /** A new, unique command key for a readiness re-check probe. */
    public static String recheckKey() {
        return PROBE_KEY + "/recheck-" + java.time.format.DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss.SSS'Z'")
                .withZone(java.time.ZoneOffset.UTC).format(java.time.Instant.now());
    }

    /** Benchmarks of a run that preflight classified as unable to run (their steps are blocked by it). */
    public static List<String> blockedByReadiness(RunLayout layout, List<String> benchmarks) {
        return benchmarks.stream().filter(b -> !runnable(readiness(layout, b).path("status").asText("ready"))).toList();
    }

    /** Whether a readiness status lets the benchmark run (one list: the classifier's). */
    public static boolean runnable(String status) {
        for (ReadinessStatus s : ReadinessStatus.values()) {
            if (s.id().equals(status)) {
                return s.runnable();
            }
        }
        return false;
    }

    /** The details of preflight's step manifest ({@code readiness}, {@code probe_key}, ...), or an empty object. */
    public static JsonNode readinessDetails(RunLayout layout) {
        return StepManifests.read(layout, STEP, Phase.PREFLIGHT).map(m -> m.path("details")).orElse(Json.object());
    }

    /** The readiness preflight recorded for an adapter, or {@code ready} when preflight has not classified it. */
    public static JsonNode readiness(RunLayout layout, String adapter) {
        JsonNode r = readinessDetails(layout).path("readiness").path(adapter);
        return r.isMissingNode() ? Json.object().put("status", "ready").put("status_basis", "not classified by preflight") : r;
    }
}
