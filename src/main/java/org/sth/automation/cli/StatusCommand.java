package org.sth.automation.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import org.sth.automation.observe.AgentResult;
import org.sth.automation.io.SafeText;
import org.sth.automation.run.RunStore;
import org.sth.automation.run.StatusDerivation;
import org.sth.automation.run.doc.RunStatus;
import org.sth.automation.run.status.IntegritySummary;
import org.sth.automation.run.status.RunState;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code status}: the run's position from status.json alone; never starts Camel, never reads the whole event ledger. */
@Command(name = "status", mixinStandardHelpOptions = true, description = "Print a run's position (phase, adapter, step, heartbeat age), alerts and next commands.")
final class StatusCommand implements Callable<Integer>, JsonOutput {

    @Spec
    CommandSpec spec;

    @Option(names = "--run-dir", required = true, description = "The run directory.")
    Path runDir;

    @Option(names = "--json", description = "Print one result document (docs/schema/result.schema.json): the run under \"runs\", "
            + "its status.json (with fresh monitoring/alerts/next blocks) under \"status\".")
    boolean json;

    @Override
    public boolean json() {
        return json;
    }

    @Override
    public String verb() {
        return "status";
    }

    @Override
    public Integer call() {
        RunStore store = RunDirArgument.open(runDir);
        ObjectNode status = store.statusSnapshot();
        StatusDerivation.apply(status, store.layout(), Instant.now());
        if (json) {
            ObjectNode r = AgentResult.of("status", Main.OK);
            java.io.StringWriter text = new java.io.StringWriter();
            print(new PrintWriter(text), status);
            text.toString().lines().forEach(l -> AgentResult.message(r, l));
            r.withArray("runs").add(AgentResult.run(status));
            r.set("status", status);
            JsonOutput.print(Output.out(spec), r);
            return Main.OK;
        }
        print(Output.out(spec), status);
        return Main.OK;
    }

    static void print(PrintWriter out, ObjectNode status) {
        RunStatus s = RunStatus.of(status);
        RunStatus.Monitoring mon = s.monitoring();
        boolean running = s.state() == RunState.RUNNING;
        out.println("Run:       " + s.runId() + " on " + s.host());
        out.println("State:     " + s.state().id());
        out.println("Position:  phase " + or(s.phase()) + ", adapter " + or(s.adapter()) + ", step " + or(s.step()));
        out.println("Heartbeat: " + (mon.heartbeatAgeSecs() == null ? "none yet"
                : running ? mon.heartbeatAgeSecs() + " s ago (interval " + s.heartbeat().intervalSecs() + " s)"
                + (mon.staleAfter() != null ? ", stalled if none by " + mon.staleAfter() : "")
                : "last at " + or(s.heartbeat().at()) + " (the run is not running)"));
        // the summary of a stalled run already starts with "Attention: stalled"
        out.println(("stalled".equals(mon.state()) ? "" : "Monitor:   ") + mon.summary());
        mon.phases().forEach((phase, p) -> {
            if (p.attention() != null && !"stalled".equals(p.attention())) {
                out.println("Attention: phase " + phase + " " + p.attention() + ": " + p.attentionMessage());
            }
        });
        StringBuilder phases = new StringBuilder();
        s.phases().forEach((phase, p) -> phases.append(phase).append("=").append(p.state() == null ? "?" : p.state().id()).append(" "));
        out.println("Phases:    " + phases.toString().strip());
        s.steps().forEach((adapter, byPhase) -> {
            StringBuilder steps = new StringBuilder();
            byPhase.forEach((phase, outcome) -> steps.append(phase).append('=').append(outcome).append(' '));
            out.println("Steps:     " + adapter + ": " + steps.toString().strip());
        });
        s.packaging().forEach(l -> out.println("Packaging: " + SafeText.line(l)));
        IntegritySummary.lines(status).forEach(l -> out.println("Integrity: " + SafeText.line(l)));
        if (s.remoteShell() != null) {
            out.println("Shell:     " + ("runner".equals(s.remoteShell().mode()) ? "one runner per host"
                    : "a channel per command" + (s.remoteShell().reason() != null ? " — " + SafeText.line(s.remoteShell().reason()) : "")));
        }
        if (s.alerts().primaryLine() != null) {
            out.println("Alert:     " + SafeText.line(s.alerts().primaryLine()));
        }
        s.alerts().blockedPublish().forEach(b -> out.println("Publish:   " + b.adapter() + " " + (b.publishState() != null ? b.publishState() : b.state())
                + (b.hint() != null ? ": " + SafeText.line(b.hint()) : "")));
        s.alerts().warnings().forEach(w -> out.println("Warning:   " + SafeText.line(w.message())));
        Map<String, String> hints = new HashMap<>();
        s.commandHints().forEach(h -> hints.put(h.command(), h.hint()));
        s.pathHints().forEach(h -> hints.put(h.path(), h.hint()));
        s.nextActions().forEach(a -> out.println("Next:      " + a));
        s.nextCommands().forEach(c -> out.println("  $ " + c + hint(hints, c)));
        s.nextDiagnosticCommands().forEach(c -> out.println("  diagnose: " + c + hint(hints, c)));
        s.nextInstallCommands().forEach(c -> out.println("  install: " + c));
        s.nextPaths().stream().limit(3).forEach(p -> out.println("Read:      " + p + hint(hints, p)));
        out.flush();
    }

    private static String or(String value) {
        return value == null ? "-" : value;
    }

    private static String hint(Map<String, String> hints, String key) {
        String h = hints.get(key);
        return h == null || h.isEmpty() ? "" : "   # " + h;
    }
}
