package org.sth.automation.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Locale;

/**
 * The progress line of one event (or ledger line) of a run, shared by {@code run}, {@code resume}, {@code replay}
 * and {@code serve}: phase entered and left, steps, heartbeats with elapsed time against the step's ceiling,
 * transfers with their bytes, moves to recovery, resumes, interrupts, the end. Null for events not worth a line.
 */
final class ProgressLines {

    private ProgressLines() {
    }

    static String event(String host, JsonNode e) {
        String h = "[" + host + "] ";
        String phase = e.path("phase").asText();
        String adapter = e.path("adapter").asText();
        return switch (e.path("event").asText()) {
            case "phase_entered" -> h + phase + ": started" + (e.path("attempt").asInt(1) > 1 ? " (attempt " + e.path("attempt").asInt() + ")" : "");
            case "phase_left" -> h + phase + ": " + e.path("outcome").asText() + (e.hasNonNull("error") ? " — " + e.path("error").asText() : "");
            case "step_finished" -> h + "  " + phase + " " + adapter + ": " + e.path("outcome").asText()
                    + (e.path("details").hasNonNull("reason") ? " — " + e.path("details").path("reason").asText() : "");
            case "step_skipped" -> h + "  " + phase + " " + adapter + ": already completed, not redone";
            case "moved_to_recovery" -> h + "moved to recovery: " + e.path("recovery_message").asText();
            case "run_resumed" -> h + "resumed at " + e.path("from_phase").asText() + " (" + e.path("how").asText() + ")";
            case "run_interrupted" -> h + "interrupted: " + e.path("reason").asText() + (e.hasNonNull("error") ? " — " + e.path("error").asText() : "");
            case "previous_incarnation_ended" -> e.path("processes_found").asInt() > 0
                    ? h + "  ended " + e.path("processes_found").asInt() + " process(es) of " + e.path("key").asText()
                            + " left running on the host by a stopped controller, before running it again"
                    : h + "  " + e.path("key").asText() + " of a stopped controller is no longer running on the host; running it again";
            case "run_waiting" -> h + "waiting: " + e.path("reason").asText()
                    + (e.hasNonNull("behind_run") ? " (behind " + e.path("behind_run").asText() + ")" : "");
            case "run_finished" -> h + "run " + e.path("state").asText();
            case "remote_shell" -> e.path("mode").asText().equals("runner") ? h + "commands go through one runner on the host"
                    : h + "commands take a channel each" + (e.hasNonNull("reason") ? " — " + e.path("reason").asText() : "");
            default -> null;
        };
    }

    /** "running 40 s of a 600 s ceiling" from a heartbeat, or "running 40 s" for a step without a ceiling. */
    static String heartbeat(String host, JsonNode e) {
        String elapsed = e.has("elapsed_secs") ? duration(e.path("elapsed_secs").asLong()) : "?";
        String ceiling = e.has("ceiling_secs") ? " of a " + duration(e.path("ceiling_secs").asLong()) + " ceiling" : "";
        return "[" + host + "]   " + e.path("phase").asText() + " " + e.path("adapter").asText() + ": running " + elapsed + ceiling;
    }

    /** A finished transfer: direction, file, bytes, rate, outcome. */
    static String transfer(String host, JsonNode t) {
        long bytes = t.path("bytes").asLong(0);
        double secs = t.path("seconds").asDouble(0);
        String rate = secs > 0 ? ", " + bytes(Math.round(bytes / secs)) + "/s" : "";
        return "[" + host + "]   " + t.path("direction").asText() + " " + t.path("local_path").asText() + ": " + bytes(bytes) + rate
                + " (" + t.path("outcome").asText() + ")";
    }

    static String bytes(long n) {
        if (n < 1024) {
            return n + " B";
        }
        String[] units = {"KiB", "MiB", "GiB", "TiB"};
        double v = n;
        int u = -1;
        while (v >= 1024 && u < units.length - 1) {
            v /= 1024;
            u++;
        }
        return String.format(Locale.ROOT, "%.1f %s", v, units[u]);
    }

    static String duration(long secs) {
        if (secs < 120) {
            return secs + " s";
        }
        if (secs < 7200) {
            return secs / 60 + " min " + secs % 60 + " s";
        }
        return secs / 3600 + " h " + secs % 3600 / 60 + " min";
    }
}
