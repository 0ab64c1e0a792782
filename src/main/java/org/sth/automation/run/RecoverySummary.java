package org.sth.automation.run;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
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
        md.append("## Phases\n\n| phase | state | attempts |\n|---|---|---|\n");
        for (Iterator<Map.Entry<String, JsonNode>> it = status.path("phases").fields(); it.hasNext(); ) {
            var p = it.next();
            md.append("| ").append(p.getKey()).append(" | ").append(p.getValue().path("state").asText()).append(" | ")
                    .append(p.getValue().path("attempts").asInt()).append(" |\n");
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
        appendList(md, "Actions", status.path("next_actions"), false);
        appendList(md, "Commands", status.path("next_commands"), true);
        appendList(md, "Install commands", status.path("next_install_commands"), true);
        appendList(md, "Diagnostics", status.path("next_diagnostic_commands"), true);
        appendList(md, "Files to read first", status.path("next_paths"), true);
        // host text (errors, warnings, packaging lines) reaches this file: no escape sequence survives into it
        String text = SafeText.text(md.toString());
        AtomicFiles.write(layout.recoverySummary(), text);
        return text;
    }

    private static void appendList(StringBuilder md, String title, JsonNode items, boolean code) {
        if (items.isEmpty()) {
            return;
        }
        md.append("### ").append(title).append("\n\n");
        items.forEach(i -> md.append("- ").append(code ? "`" : "").append(i.asText()).append(code ? "`" : "").append('\n'));
        md.append('\n');
    }
}
