package org.sth.automation.run;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.sth.automation.io.Json;
import org.sth.automation.run.status.Outcome;
import org.sth.automation.run.status.Phase;
import org.sth.automation.run.status.RunState;

/**
 * Derives the blocks agents read from {@code status.json}: {@code monitoring}, {@code alerts} and the
 * {@code next_*} recommendations. A pure function of the status, the files that exist and the clock,
 * so {@code status} recomputes it on every read (heartbeat freshness depends on "now").
 */
public final class StatusDerivation {

    /** A running phase whose last heartbeat is older than this many intervals is stalled. */
    static final int STALE_AFTER_INTERVALS = 3;

    /** The top-level keys of {@code status.json} this class derives (from the status, the files and the clock). */
    public static final java.util.List<String> DERIVED = java.util.List.of("monitoring", "alerts", "next_action", "next_actions",
            "next_command", "next_commands", "next_path", "next_paths", "next_install_command", "next_install_commands",
            "next_diagnostic_command", "next_diagnostic_commands");

    /** The launcher in every recommended command: an absolute path, so the command works from any directory ({@link Launcher}). */
    public static final String LAUNCHER = Launcher.command();

    private StatusDerivation() {
    }

    public static void apply(ObjectNode status, RunLayout layout, Instant now) {
        RunState state = RunState.of(status.path("state").asText());
        String phase = status.path("phase").asText(null);
        String runDir = layout.dir().toString();
        String config = status.path("config").asText("");
        String host = status.path("host").asText("");

        long interval = Math.max(1, status.path("heartbeat").path("interval_secs").asLong(15));
        Instant lastSign = latest(status.path("heartbeat").path("at").asText(null),
                status.path("phases").path(phase == null ? "" : phase).path("entered_at").asText(null));
        Long ageSecs = lastSign == null ? null : Duration.between(lastSign, now).toSeconds();
        // a run whose message waits (in a spool behind other runs, or for its host) is queued: no heartbeat is due
        String waitingFor = waitingFor(status, state, phase);
        boolean running = state == RunState.RUNNING && waitingFor == null;
        boolean stalled = running && ageSecs != null && ageSecs > interval * STALE_AFTER_INTERVALS;

        ObjectNode mon = status.putObject("monitoring");
        mon.put("state", stalled ? "stalled" : running ? "running" : waitingFor != null ? "queued" : "idle");
        mon.put("waiting_for", waitingFor);
        mon.put("active_phase", running ? phase : null);
        mon.put("active_adapter", running ? status.path("adapter").asText(null) : null);
        if (ageSecs == null) {
            mon.putNull("heartbeat_age_secs");
        } else {
            mon.put("heartbeat_age_secs", ageSecs);
        }
        mon.put("heartbeat_fresh", running && !stalled);
        ArrayNode stalledPhases = mon.putArray("stalled_phases");
        if (stalled) {
            stalledPhases.add(phase);
        }
        mon.put("summary", stalled
                ? "Attention: stalled: phase " + phase + " has shown no heartbeat for " + ageSecs + " s (interval " + interval + " s)"
                : running ? "running: phase " + phase + step(status) + ", heartbeat " + ageSecs + " s ago"
                : waitingFor != null ? "queued: waiting for " + waitingFor
                : "idle: run is " + state.id());

        List<String[]> failedSteps = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = status.path("steps").fields(); it.hasNext(); ) {
            var adapter = it.next();
            for (Iterator<Map.Entry<String, JsonNode>> ph = adapter.getValue().fields(); ph.hasNext(); ) {
                var p = ph.next();
                String outcome = p.getValue().asText();
                if (!outcome.equals("running") && !outcome.equals(Outcome.COMPLETED.id()) && !outcome.equals(Outcome.SKIPPED.id())) {
                    failedSteps.add(new String[] {adapter.getKey(), p.getKey(), outcome});
                }
            }
        }

        ObjectNode alerts = status.putObject("alerts");
        ArrayNode fs = alerts.putArray("failed_steps");
        for (String[] f : failedSteps) {
            fs.addObject().put("adapter", f[0]).put("phase", f[1]).put("outcome", f[2]);
        }
        alerts.set("stalled_phases", stalledPhases.deepCopy());
        ArrayNode blocked = alerts.putArray("blocked_publish");
        for (Iterator<Map.Entry<String, JsonNode>> it = status.path("steps").fields(); it.hasNext(); ) {
            var a = it.next();
            String out = a.getValue().path("publish").asText("");
            if (out.startsWith("blocked") || out.equals("remote_missing") || out.equals("remote_mismatch")) {
                blocked.addObject().put("adapter", a.getKey()).put("state", out);
            }
        }
        ArrayNode warnings = alerts.putArray("warnings");
        Set<String> installs = new LinkedHashSet<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = status.path("warnings").fields(); it.hasNext(); ) {
            var w = it.next();
            warnings.addObject().put("key", w.getKey()).put("message", w.getValue().path("message").asText());
            String install = w.getValue().path("install_command").asText(null);
            if (install != null) {
                installs.add(install);
            }
        }

        String statusCmd = LAUNCHER + " status --run-dir " + runDir;
        String resumeCmd = LAUNCHER + " resume --run-dir " + runDir;
        String recoverCmd = LAUNCHER + " recover --run-dir " + runDir;
        String connCmd = LAUNCHER + " validate --config " + config + " --host " + host + " --scope connectivity";
        String replayCmd = status.path("last_error").path("replay_command").asText(null);

        List<String> actions = new ArrayList<>();
        List<String> commands = new ArrayList<>();
        List<String> diagnostics = new ArrayList<>();
        List<Path> paths = new ArrayList<>();
        ObjectNode primary = null;

        for (String[] f : failedSteps) {
            paths.add(layout.stepManifest(f[0], Phase.of(f[1])));
        }
        switch (state) {
            case RECOVERY -> {
                String msg = status.path("last_error").path("message").asText("");
                primary = alert("error", "phase_in_recovery", "Phase " + phase + " failed after its retries: " + msg);
                actions.add("Fix the cause named in the recovery error file, then replay the message");
                if (replayCmd != null) {
                    commands.add(replayCmd);
                }
                commands.add(recoverCmd);
                String rf = status.path("last_error").path("recovery_message").asText(null);
                if (rf != null) {
                    paths.add(Path.of(rf.replaceAll("\\.json$", ".error.json")));
                    paths.add(Path.of(rf));
                }
                diagnostics.add(connCmd);
            }
            case INTERRUPTED -> {
                primary = alert("warning", "run_interrupted", "The run was interrupted in phase " + phase + "; finished steps are kept");
                actions.add("Resume the run; finished steps are not redone");
                commands.add(resumeCmd);
                diagnostics.add(connCmd);
            }
            case RUNNING -> {
                if (stalled) {
                    primary = alert("warning", "phase_stalled", mon.path("summary").asText());
                    actions.add("Check that the controller process is alive and the host reachable; resume if the controller died");
                    commands.add(statusCmd);
                    commands.add(resumeCmd);
                    diagnostics.add(connCmd);
                } else {
                    actions.add("Wait: phase " + phase + " is running");
                    commands.add(statusCmd);
                }
            }
            case QUEUED -> {
                actions.add("Wait for the controller to pick the run up (" + waitingFor + "), or resume it if no controller is running");
                commands.add(statusCmd);
                commands.add(resumeCmd);
            }
            case COMPLETED_WITH_FAILURES -> {
                primary = alert("warning", "steps_failed", failedSteps.size() + " step(s) did not complete");
                actions.add("Review the failed step manifests; fix the cause and resume to redo only those steps");
                commands.add(recoverCmd);
                commands.add(resumeCmd);
                diagnostics.add(connCmd);
            }
            case FAILED -> {
                primary = alert("error", "run_failed", "The run failed");
                actions.add("Write the recovery summary and follow it");
                commands.add(recoverCmd);
                diagnostics.add(connCmd);
            }
            default -> {
                actions.add("Review the results under " + layout.dir().resolve("benchmarks"));
                commands.add(statusCmd);
            }
        }
        if (primary == null && !warnings.isEmpty()) {
            primary = alert("warning", "warnings", warnings.get(0).path("message").asText());
        }
        if (!installs.isEmpty()) {
            actions.add("Install the missing tools on the host, then resume");
        }
        if (primary != null) {
            ArrayNode rec = primary.putArray("recommended_actions");
            actions.forEach(rec::add);
            alerts.set("primary", primary);
        } else {
            alerts.putNull("primary");
        }

        for (JsonNode b : status.path("benchmarks")) {
            Path results = layout.benchmarkDir(b.asText());
            for (String f : new String[] {"system_profile.md", "summary.md", "summary.json"}) {
                paths.add(results.resolve(f));
            }
        }
        paths.add(layout.preflightDir().resolve("summary.md"));
        paths.add(layout.recoverySummary());
        paths.add(layout.artifactManifest());
        paths.add(layout.commandLedger());
        paths.add(layout.events());
        List<String> existing = new ArrayList<>();
        for (Path p : paths) {
            if (Files.exists(p) && !existing.contains(p.toString())) {
                existing.add(p.toString());
            }
        }
        putList(status, "next_action", "next_actions", actions);
        putList(status, "next_command", "next_commands", commands);
        putList(status, "next_path", "next_paths", existing);
        putList(status, "next_install_command", "next_install_commands", new ArrayList<>(installs));
        putList(status, "next_diagnostic_command", "next_diagnostic_commands", diagnostics);
    }

    /**
     * What a run that is not being processed waits for, or null when it is being processed or settled: its host (a
     * {@code waiting} block, another run holds the host), or the spool of the phase its message sits in (a new run:
     * discover; a run between phases: the next one, whose route may be busy with other runs).
     */
    static String waitingFor(ObjectNode status, RunState state, String phase) {
        if (state.isSettled()) {
            return null;
        }
        JsonNode w = status.path("waiting");
        if (w.isObject()) {
            String behind = w.path("behind_run").asText(null);
            return "its host" + (behind == null ? "" : " (held by run " + behind + ")")
                    + (w.hasNonNull("reason") && !w.path("reason").asText().isBlank() ? ": " + w.path("reason").asText() : "")
                    + (w.hasNonNull("since") ? ", since " + w.path("since").asText() : "");
        }
        if (state == RunState.QUEUED) {
            return "spool/" + (phase == null ? Phase.DISCOVER.id() : phase);
        }
        if (state == RunState.RUNNING && phase != null) {
            String ps = status.path("phases").path(phase).path("state").asText();
            if ("completed".equals(ps)) {
                Phase next = Phase.of(phase).next();
                return next == null ? null : "spool/" + next.id() + " (phase " + phase + " completed)";
            }
            if ("failed".equals(ps)) {
                return "spool/" + phase + " (taken again after a failure)";
            }
        }
        return null;
    }

    private static String step(ObjectNode status) {
        String s = status.path("step").asText(null);
        return s == null ? "" : " (step " + s + ")";
    }

    private static ObjectNode alert(String severity, String kind, String message) {
        return Json.object().put("severity", severity).put("kind", kind).put("message", message);
    }

    private static void putList(ObjectNode status, String single, String plural, List<String> values) {
        if (values.isEmpty()) {
            status.putNull(single);
        } else {
            status.put(single, values.get(0));
        }
        ArrayNode a = status.putArray(plural);
        values.forEach(a::add);
    }

    private static Instant latest(String a, String b) {
        Instant x = a == null ? null : Instant.parse(a);
        Instant y = b == null ? null : Instant.parse(b);
        if (x == null) {
            return y;
        }
        return y == null || x.isAfter(y) ? x : y;
    }
}
