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
import org.sth.automation.io.Shell;
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
            "next_diagnostic_command", "next_diagnostic_commands", "command_hints", "path_hints");

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
        // what an agent needs to judge staleness from the file alone, whenever it reads it (docs/run-directory.md)
        mon.put("heartbeat_interval_secs", interval);
        mon.put("derived_at", now.toString());
        mon.put("stale_after", running && lastSign != null ? lastSign.plusSeconds(interval * STALE_AFTER_INTERVALS).toString() : null);
        ArrayNode stalledPhases = mon.putArray("stalled_phases");
        if (stalled) {
            stalledPhases.add(phase);
        }
        mon.put("summary", stalled
                ? "Attention: stalled: phase " + phase + " has shown no heartbeat for " + ageSecs + " s (interval " + interval + " s)"
                : running ? "running: phase " + phase + step(status) + ", heartbeat " + ageSecs + " s ago"
                : waitingFor != null ? "queued: waiting for " + waitingFor
                : "idle: run is " + state.id());
        phaseMonitoring(status, mon.putObject("phases"), running ? phase : null, stalled, now, interval);

        HandOff handOff = new HandOff(layout, LAUNCHER, config, host);
        List<String[]> failedSteps = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = status.path("steps").fields(); it.hasNext(); ) {
            var adapter = it.next();
            for (Iterator<Map.Entry<String, JsonNode>> ph = adapter.getValue().fields(); ph.hasNext(); ) {
                var p = ph.next();
                String outcome = p.getValue().asText();
                if (!outcome.equals("running") && !outcome.equals(Outcome.COMPLETED.id()) && !outcome.equals(Outcome.SKIPPED.id())) {
                    failedSteps.add(new String[] {adapter.getKey(), p.getKey(), outcome});
                    JsonNode d = StepManifests.read(layout, adapter.getKey(), Phase.of(p.getKey())).map(m -> m.path("details"))
                            .orElse(Json.object());
                    handOff.classify(adapter.getKey(), p.getKey(), outcome, d.path("error").asText(d.path("reason").asText(null)));
                }
            }
        }
        if (state == RunState.RECOVERY) {
            handOff.classify(null, phase, null, status.path("last_error").path("message").asText(null));
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
                JsonNode entry = publishEntry(layout, a.getKey());
                blocked.addObject().put("adapter", a.getKey()).put("state", out).put("publish_state", entry.path("state").asText(null))
                        .put("error", entry.path("error").asText(null)).put("hint", entry.path("hint").asText(null));
                handOff.publishBlocked(a.getKey());
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

        String statusCmd = handOff.hint(Shell.command(LAUNCHER, "status", "--run-dir", runDir), "prints the run's position, alerts and next steps");
        String resumeCmd = handOff.hint(Shell.command(LAUNCHER, "resume", "--run-dir", runDir),
                "re-queues only the unfinished work; finished steps are not redone");
        String recoverCmd = handOff.hint(Shell.command(LAUNCHER, "recover", "--run-dir", runDir),
                "writes recovery_summary.md: what finished, what failed, what is left");
        String replayCmd = status.path("last_error").path("replay_command").asText(null);
        if (replayCmd != null) {
            handOff.hint(replayCmd, "puts the parked message back into its phase's spool, once the cause is fixed");
        }
        List<String> benchmarks = new ArrayList<>();
        status.path("benchmarks").forEach(b -> benchmarks.add(b.asText()));
        // a connectivity, staging or publish problem gets its scoped validate before anything is re-run
        List<String> scoped = handOff.validateCommands(benchmarks);

        List<String> actions = new ArrayList<>();
        List<String> commands = new ArrayList<>();
        List<String> diagnostics = new ArrayList<>();
        List<Path> paths = new ArrayList<>();
        ObjectNode primary = null;

        for (String[] f : failedSteps) {
            paths.add(handOff.hintPath(layout.stepManifest(f[0], Phase.of(f[1])), f[0] + "/" + f[1] + " ended " + f[2] + ": its error or reason"));
        }
        switch (state) {
            case RECOVERY -> {
                String msg = status.path("last_error").path("message").asText("");
                primary = alert("error", "phase_in_recovery", "Phase " + phase + " failed after its retries: " + msg);
                if (!scoped.isEmpty()) {
                    actions.add("Check what failed with the scoped validate command");
                }
                actions.add("Fix the cause named in the recovery error file, then replay the message");
                commands.addAll(scoped);
                if (replayCmd != null) {
                    commands.add(replayCmd);
                }
                commands.add(recoverCmd);
                String rf = status.path("last_error").path("recovery_message").asText(null);
                if (rf != null) {
                    paths.add(handOff.hintPath(Path.of(rf.replaceAll("\\.json$", ".error.json")),
                            "the error of the parked message: exception chain, attempts, replay command"));
                    paths.add(handOff.hintPath(Path.of(rf), "the parked message itself"));
                }
            }
            case INTERRUPTED -> {
                primary = alert("warning", "run_interrupted", "The run was interrupted in phase " + phase + "; finished steps are kept");
                actions.add("Resume the run; finished steps are not redone");
                commands.addAll(scoped);
                commands.add(resumeCmd);
                handOff.problems.add(HandOff.Problem.CONNECTIVITY);
            }
            case RUNNING -> {
                if (stalled) {
                    primary = alert("warning", "phase_stalled", "phase " + phase + " has shown no heartbeat for " + ageSecs
                            + " s (interval " + interval + " s)");
                    actions.add("Check that the controller process is alive and the host reachable; resume if the controller died");
                    commands.add(statusCmd);
                    commands.add(resumeCmd);
                    handOff.problems.add(HandOff.Problem.CONNECTIVITY);
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
                if (!scoped.isEmpty()) {
                    actions.add("Check the cause with the scoped validate command");
                }
                actions.add("Review the failed step manifests; fix the cause and resume to redo only those steps");
                commands.addAll(scoped);
                commands.add(resumeCmd);
                commands.add(recoverCmd);
            }
            case FAILED -> {
                primary = alert("error", "run_failed", "The run failed");
                actions.add("Write the recovery summary and follow it");
                commands.addAll(scoped);
                commands.add(recoverCmd);
            }
            default -> {
                // completed: nothing is left to run; the results are in next_paths
                actions.add("Review the results under " + layout.dir().resolve("benchmarks"));
            }
        }
        if (handOff.problems.contains(HandOff.Problem.CONNECTIVITY) && state != RunState.COMPLETED) {
            diagnostics.add(handOff.hint(handOff.connectivity(), "checks every hop of " + host + ": reached, host key verified, authenticated"));
        }
        diagnostics.addAll(handOff.publishDiagnostics());
        if (handOff.problems.contains(HandOff.Problem.STAGING)) {
            scoped.stream().filter(c -> c.contains("--scope staging")).forEach(diagnostics::add);
        }
        paths.addAll(handOff.problemPaths(status));
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
                paths.add(handOff.hintPath(results.resolve(f), b.asText() + ": its results"));
            }
        }
        paths.add(handOff.hintPath(layout.preflightDir().resolve("summary.md"), "readiness and packaging per benchmark"));
        paths.add(handOff.hintPath(layout.recoverySummary(), "what finished, what failed, what is left, with these commands"));
        paths.add(handOff.hintPath(layout.artifactManifest(), "every collected file with its sha256"));
        paths.add(handOff.hintPath(layout.commandLedger(), "every remote command: argv (secrets masked), exit code, times"));
        paths.add(handOff.hintPath(layout.events(), "every state change of the run, in order"));
        List<String> existing = new ArrayList<>();
        for (Path p : paths) {
            if (HandOff.worthReading(p) && !existing.contains(p.toString())) {
                existing.add(p.toString());
            }
        }
        List<String> installList = new ArrayList<>(installs);
        installList.forEach(i -> handOff.hint(i, "installs the tools a benchmark needs on " + host + " (run it there)"));
        List<String> uniqueDiagnostics = new ArrayList<>(new LinkedHashSet<>(diagnostics));
        putList(status, "next_action", "next_actions", actions);
        putList(status, "next_command", "next_commands", commands);
        putList(status, "next_path", "next_paths", existing);
        putList(status, "next_install_command", "next_install_commands", installList);
        putList(status, "next_diagnostic_command", "next_diagnostic_commands", uniqueDiagnostics);
        List<String> hinted = new ArrayList<>(new LinkedHashSet<>(commands));
        uniqueDiagnostics.stream().filter(c -> !hinted.contains(c)).forEach(hinted::add);
        installList.stream().filter(c -> !hinted.contains(c)).forEach(hinted::add);
        status.putArray("command_hints").addAll(List.of(handOff.hintsFor(hinted, "command")));
        status.putArray("path_hints").addAll(List.of(handOff.hintsFor(existing, "path")));
    }

    /**
     * {@code monitoring.phases.<phase>}: each phase's own last sign of life (its heartbeat, else its last entry), how old
     * it is, and what needs attention: {@code stalled} for the running phase without a fresh heartbeat, else the
     * phase's state when it is {@code failed}, {@code recovery} or {@code interrupted}.
     */
    private static void phaseMonitoring(ObjectNode status, ObjectNode out, String runningPhase, boolean stalled, Instant now, long interval) {
        for (Iterator<Map.Entry<String, JsonNode>> it = status.path("phases").fields(); it.hasNext(); ) {
            var e = it.next();
            JsonNode p = e.getValue();
            String state = p.path("state").asText();
            ObjectNode m = out.putObject(e.getKey());
            m.put("state", state);
            m.put("heartbeat_at", p.path("heartbeat_at").asText(null));
            Instant last = latest(p.path("heartbeat_at").asText(null), p.path("last_entered_at").asText(p.path("entered_at").asText(null)));
            boolean active = e.getKey().equals(runningPhase);
            if (active && last != null) {
                m.put("heartbeat_age_secs", Duration.between(last, now).toSeconds());
            } else {
                m.putNull("heartbeat_age_secs");
            }
            m.put("heartbeat_fresh", active && !stalled);
            String attention = active && stalled ? "stalled"
                    : List.of("failed", "recovery", "interrupted").contains(state) ? state : null;
            m.put("attention", attention);
            if (attention != null) {
                m.put("attention_message", "stalled".equals(attention)
                        ? "no heartbeat for " + Duration.between(last, now).toSeconds() + " s (interval " + interval + " s)"
                        : p.path("error").asText("phase " + state));
            }
        }
    }

    private static JsonNode publishEntry(RunLayout layout, String adapter) {
        if (!Files.exists(layout.publishLedger())) {
            return Json.object();
        }
        try {
            return Json.readObject(layout.publishLedger()).path("targets").path(adapter);
        } catch (org.sth.automation.io.CorruptFileException e) {
            return Json.object();
        }
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
        // a message between phases waits in a file spool, or (broker mode) in the phase's broker queue
        String where = "broker".equals(status.path("spool").asText()) ? "broker queue sth." : "spool/";
        if (state == RunState.QUEUED) {
            return where + (phase == null ? Phase.DISCOVER.id() : phase);
        }
        if (state == RunState.RUNNING && phase != null) {
            String ps = status.path("phases").path(phase).path("state").asText();
            if ("completed".equals(ps)) {
                Phase next = Phase.of(phase).next();
                return next == null ? null : where + next.id() + " (phase " + phase + " completed)";
            }
            if ("failed".equals(ps)) {
                return where + phase + " (taken again after a failure)";
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
