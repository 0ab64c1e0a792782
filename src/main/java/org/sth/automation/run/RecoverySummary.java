package org.sth.automation.run;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import org.sth.automation.io.AtomicFiles;
import org.sth.automation.io.SafeText;
import org.sth.automation.run.status.PhaseState;

/** Writes {@code recovery_summary.md}: what finished, what failed, what is left, and the exact next commands. */
public final class RecoverySummary {

    private RecoverySummary() {
    }

    public static String write(RunLayout layout, ObjectNode status) {
        StatusDerivation.apply(status, layout, Instant.now());
        StringBuilder md = new StringBuilder();
        md.append("# Recovery summary: ").append(status.path("run_id").asText()).append("\n\n");
        md.append("- Host: ").append(status.path("host").asText()).append('\n');
        md.append("- Run state: **").append(status.path("state").asText()).append("**\n");
        md.append("- Position: phase ").append(status.path("phase").asText("-"))
                .append(", step ").append(status.path("step").asText("-")).append('\n');
        md.append("- Written at: ").append(Instant.now()).append("\n\n");
        attention(md, status);
        md.append("## Phases\n\n| phase | state | attempts | last heartbeat | attention |\n|---|---|---|---|---|\n");
        for (Iterator<Map.Entry<String, JsonNode>> it = status.path("phases").fields(); it.hasNext(); ) {
            var p = it.next();
            JsonNode m = status.path("monitoring").path("phases").path(p.getKey());
            md.append("| ").append(p.getKey()).append(" | ").append(p.getValue().path("state").asText()).append(" | ")
                    .append(p.getValue().path("attempts").asInt()).append(" | ").append(p.getValue().path("heartbeat_at").asText("-"))
                    .append(m.path("heartbeat_age_secs").isNumber() ? " (" + m.path("heartbeat_age_secs").asLong() + " s ago)" : "")
                    .append(" | ").append(m.hasNonNull("attention") ? m.path("attention").asText() + ": " + m.path("attention_message").asText() : "-")
                    .append(" |\n");
        }
        if (!status.path("packaging").isEmpty()) {
            md.append("\n## Packaging (preflight)\n\n");
            status.path("packaging").forEach(l -> md.append("- ").append(l.asText()).append('\n'));
        }
        md.append("\n## Steps\n\n| benchmark | phase | outcome |\n|---|---|---|\n");
        for (Iterator<Map.Entry<String, JsonNode>> it = status.path("steps").fields(); it.hasNext(); ) {
            var a = it.next();
            a.getValue().fields().forEachRemaining(p -> md.append("| ").append(a.getKey()).append(" | ").append(p.getKey())
                    .append(" | ").append(p.getValue().asText()).append(" |\n"));
        }
        JsonNode err = status.path("last_error");
        if (!err.isMissingNode()) {
            md.append("\n## Last error\n\n- Phase: ").append(err.path("phase").asText()).append("\n- Error: ")
                    .append(SafeText.line(err.path("message").asText())).append("\n- Recovery message: `")
                    .append(err.path("recovery_message").asText()).append("`\n");
        }
        if (status.path("warnings").size() > 0) {
            md.append("\n## Warnings\n\n");
            status.path("warnings").fields().forEachRemaining(w -> {
                md.append("- ").append(SafeText.line(w.getValue().path("message").asText()));
                if (w.getValue().hasNonNull("install_command")) {
                    md.append(" (install: `").append(w.getValue().path("install_command").asText()).append("`)");
                }
                md.append('\n');
            });
        }
        JsonNode backfill = status.path("backfill");
        if (backfill.isObject()) {
            md.append("\n## Restored from an older run directory (").append(backfill.path("at").asText()).append(")\n\n");
            backfill.path("restored").fields().forEachRemaining(r -> md.append("- `").append(r.getKey()).append("` ← ")
                    .append(r.getValue().asText()).append('\n'));
            if (!backfill.path("not_restored").isEmpty()) {
                md.append("\nCould not be restored:\n\n");
                backfill.path("not_restored").fields().forEachRemaining(r -> md.append("- `").append(r.getKey()).append("`: ")
                        .append(r.getValue().asText()).append('\n'));
            }
        }
        md.append("\n## What is left\n\n");
        boolean left = false;
        for (Iterator<Map.Entry<String, JsonNode>> it = status.path("phases").fields(); it.hasNext(); ) {
            var p = it.next();
            if (PhaseState.of(p.getValue().path("state").asText()) != PhaseState.COMPLETED) {
                md.append("- phase ").append(p.getKey()).append(" (").append(p.getValue().path("state").asText()).append(")\n");
                left = true;
            }
        }
        if (!left) {
            md.append("Nothing: every phase completed.\n");
        }
        md.append("\n## Next\n\n");
        Map<String, String> hints = new HashMap<>();
        status.path("command_hints").forEach(h -> hints.put(h.path("command").asText(), h.path("hint").asText()));
        status.path("path_hints").forEach(h -> hints.put(h.path("path").asText(), h.path("hint").asText()));
        appendList(md, "Actions", status.path("next_actions"), false, Map.of());
        appendList(md, "Commands", status.path("next_commands"), true, hints);
        appendList(md, "Install commands", status.path("next_install_commands"), true, hints);
        appendList(md, "Diagnostics", status.path("next_diagnostic_commands"), true, hints);
        appendList(md, "Files to read first", status.path("next_paths"), true, hints);
        // host text (errors, warnings, packaging lines) reaches this file: no escape sequence survives into it
        String text = SafeText.text(md.toString());
        AtomicFiles.write(layout.recoverySummary(), text);
        return text;
    }

    /**
     * What needs attention now, said first: the monitor's summary (a stall), the primary alert with its recommended
     * actions, and every alert (failed steps, stalled phases, blocked publish targets, warnings).
     */
    private static void attention(StringBuilder md, ObjectNode status) {
        JsonNode alerts = status.path("alerts");
        JsonNode primary = alerts.path("primary");
        boolean stalled = "stalled".equals(status.path("monitoring").path("state").asText());
        if (!stalled && (primary.isNull() || primary.isMissingNode()) && alerts.path("failed_steps").isEmpty()
                && alerts.path("blocked_publish").isEmpty()) {
            return;
        }
        md.append("## Attention\n\n");
        if (stalled) {
            md.append("- ").append(status.path("monitoring").path("summary").asText()).append('\n');
        }
        if (primary.isObject()) {
            md.append("- Alert [").append(primary.path("severity").asText()).append("] ").append(primary.path("kind").asText())
                    .append(": ").append(primary.path("message").asText()).append('\n');
            primary.path("recommended_actions").forEach(a -> md.append("  - recommended: ").append(a.asText()).append('\n'));
        }
        alerts.path("failed_steps").forEach(f -> md.append("- Step ").append(f.path("adapter").asText()).append('/')
                .append(f.path("phase").asText()).append(": ").append(f.path("outcome").asText()).append('\n'));
        alerts.path("stalled_phases").forEach(p -> md.append("- Phase ").append(p.asText()).append(": stalled\n"));
        alerts.path("blocked_publish").forEach(b -> md.append("- Publish ").append(b.path("adapter").asText()).append(": ")
                .append(b.path("publish_state").asText(b.path("state").asText()))
                .append(b.hasNonNull("error") ? " (" + b.path("error").asText() + ")" : "")
                .append(b.hasNonNull("hint") ? "; " + b.path("hint").asText() : "").append('\n'));
        alerts.path("warnings").forEach(w -> md.append("- Warning: ").append(w.path("message").asText()).append('\n'));
        md.append('\n');
    }

    private static void appendList(StringBuilder md, String title, JsonNode items, boolean code, Map<String, String> hints) {
        if (items.isEmpty()) {
            return;
        }
        md.append("### ").append(title).append("\n\n");
        items.forEach(i -> {
            md.append("- ").append(code ? "`" : "").append(i.asText()).append(code ? "`" : "");
            String h = hints.get(i.asText());
            if (h != null && !h.isEmpty()) {
                md.append(": ").append(h);
            }
            md.append('\n');
        });
        md.append('\n');
    }
}
