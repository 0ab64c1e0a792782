package org.sth.automation.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.util.concurrent.Callable;
import org.sth.automation.io.Json;
import org.sth.automation.io.SafeText;
import org.sth.automation.run.RunStore;
import org.sth.automation.run.StatusDerivation;
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
        out.println("Run:       " + s.path("run_id").asText() + " on " + s.path("host").asText());
        out.println("State:     " + s.path("state").asText());
        out.println("Position:  phase " + s.path("phase").asText("-") + ", adapter " + s.path("adapter").asText("-")
                + ", step " + s.path("step").asText("-"));
        out.println("Heartbeat: " + (mon.path("heartbeat_age_secs").isNull() ? "none yet"
                : mon.path("heartbeat_age_secs").asLong() + " s ago (interval " + s.path("heartbeat").path("interval_secs").asLong() + " s)"));
        if ("stalled".equals(mon.path("state").asText())) {
            out.println("Attention: stalled: " + mon.path("summary").asText());
        } else {
            out.println("Monitor:   " + mon.path("summary").asText());
        }
        StringBuilder phases = new StringBuilder();
        s.path("phases").fields().forEachRemaining(e -> phases.append(e.getKey()).append('=').append(e.getValue().path("state").asText()).append(' '));
        out.println("Phases:    " + phases.toString().strip());
        s.path("steps").fields().forEachRemaining(a -> {
            StringBuilder steps = new StringBuilder();
            a.getValue().fields().forEachRemaining(p -> steps.append(p.getKey()).append('=').append(p.getValue().asText()).append(' '));
            out.println("Steps:     " + a.getKey() + ": " + steps.toString().strip());
        });
        s.path("packaging").forEach(l -> out.println("Packaging: " + SafeText.line(l.asText())));
        JsonNode primary = s.path("alerts").path("primary");
        if (!primary.isNull() && !primary.isMissingNode()) {
            out.println("Alert:     [" + primary.path("severity").asText() + "] " + SafeText.line(primary.path("message").asText()));
        }
        s.path("alerts").path("warnings").forEach(w -> out.println("Warning:   " + SafeText.line(w.path("message").asText())));
        s.path("next_actions").forEach(a -> out.println("Next:      " + a.asText()));
        s.path("next_commands").forEach(c -> out.println("  $ " + c.asText()));
        s.path("next_install_commands").forEach(c -> out.println("  install: " + c.asText()));
        if (s.path("next_path").isTextual()) {
            out.println("Read:      " + s.path("next_path").asText());
        }
        out.flush();
    }
}
