package org.sth.automation.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import org.sth.automation.io.Json;
import org.sth.automation.io.SafeText;
import org.sth.automation.run.RunStore;
import org.sth.automation.run.StatusDerivation;
import org.sth.automation.run.status.IntegritySummary;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code status}: the run's position from status.json alone; never starts Camel, never reads the whole event ledger. */
@Command(name = "status", mixinStandardHelpOptions = true, description = "Print a run's position (phase, adapter, step, heartbeat age), alerts and next commands.")
final class StatusCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--run-dir", required = true, description = "The run directory.")
    Path runDir;

    @Option(names = "--json", description = "Print status.json (with fresh monitoring/alerts/next blocks).")
    boolean json;

    @Override
    public Integer call() {
        ObjectNode status = RunStore.open(runDir).statusSnapshot();
        StatusDerivation.apply(status, new org.sth.automation.run.RunLayout(runDir.toAbsolutePath().normalize()), Instant.now());
        PrintWriter out = Output.out(spec);
        if (json) {
            out.print(new String(Json.pretty(status), java.nio.charset.StandardCharsets.UTF_8));
            out.flush();
            return Main.OK;
        }
        print(out, status);
        return Main.OK;
    }

    static void print(PrintWriter out, ObjectNode s) {
        JsonNode mon = s.path("monitoring");
        boolean running = "running".equals(s.path("state").asText());
        out.println("Run:       " + s.path("run_id").asText() + " on " + s.path("host").asText());
        out.println("State:     " + s.path("state").asText());
        out.println("Position:  phase " + s.path("phase").asText("-") + ", adapter " + s.path("adapter").asText("-")
                + ", step " + s.path("step").asText("-"));
        out.println("Heartbeat: " + (mon.path("heartbeat_age_secs").isNull() ? "none yet"
                : running ? mon.path("heartbeat_age_secs").asLong() + " s ago (interval " + s.path("heartbeat").path("interval_secs").asLong() + " s)"
                : "last at " + s.path("heartbeat").path("at").asText("-") + " (the run is not running)"));
        // the summary of a stalled run already starts with "Attention: stalled"
        out.println(("stalled".equals(mon.path("state").asText()) ? "" : "Monitor:   ") + mon.path("summary").asText());
        mon.path("phases").fields().forEachRemaining(p -> {
            String attention = p.getValue().path("attention").asText(null);
            if (attention != null && !"stalled".equals(attention)) {
                out.println("Attention: phase " + p.getKey() + " " + attention + ": " + p.getValue().path("attention_message").asText());
            }
        });
        StringBuilder phases = new StringBuilder();
        s.path("phases").fields().forEachRemaining(e -> phases.append(e.getKey()).append('=').append(e.getValue().path("state").asText()).append(' '));
        out.println("Phases:    " + phases.toString().strip());
        s.path("steps").fields().forEachRemaining(a -> {
            StringBuilder steps = new StringBuilder();
            a.getValue().fields().forEachRemaining(p -> steps.append(p.getKey()).append('=').append(p.getValue().asText()).append(' '));
            out.println("Steps:     " + a.getKey() + ": " + steps.toString().strip());
        });
        s.path("packaging").forEach(l -> out.println("Packaging: " + SafeText.line(l.asText())));
        IntegritySummary.lines(s).forEach(l -> out.println("Integrity: " + SafeText.line(l)));
        JsonNode primary = s.path("alerts").path("primary");
        if (!primary.isNull() && !primary.isMissingNode()) {
            out.println("Alert:     [" + primary.path("severity").asText() + "] " + SafeText.line(primary.path("message").asText()));
        }
        s.path("alerts").path("blocked_publish").forEach(b -> out.println("Publish:   " + b.path("adapter").asText() + " "
                + b.path("publish_state").asText(b.path("state").asText()) + (b.hasNonNull("hint") ? ": " + SafeText.line(b.path("hint").asText()) : "")));
        s.path("alerts").path("warnings").forEach(w -> out.println("Warning:   " + SafeText.line(w.path("message").asText())));
        Map<String, String> hints = new HashMap<>();
        s.path("command_hints").forEach(h -> hints.put(h.path("command").asText(), h.path("hint").asText()));
        s.path("path_hints").forEach(h -> hints.put(h.path("path").asText(), h.path("hint").asText()));
        s.path("next_actions").forEach(a -> out.println("Next:      " + a.asText()));
        s.path("next_commands").forEach(c -> out.println("  $ " + c.asText() + hint(hints, c)));
        s.path("next_diagnostic_commands").forEach(c -> out.println("  diagnose: " + c.asText() + hint(hints, c)));
        s.path("next_install_commands").forEach(c -> out.println("  install: " + c.asText()));
        int shown = 0;
        for (JsonNode p : s.path("next_paths")) {
            if (shown++ == 3) {
                break;
            }
            out.println("Read:      " + p.asText() + hint(hints, p));
        }
        out.flush();
    }

    private static String hint(Map<String, String> hints, JsonNode key) {
        String h = hints.get(key.asText());
        return h == null || h.isEmpty() ? "" : "   # " + h;
    }
}
