package org.sth.automation.run;

import org.sth.automation.io.CorruptFileException;
import org.sth.automation.io.Json;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;

/** Rebuilds a lost or corrupt {@code status.json} from {@code state/plan.json} and the event ledger. */
final class StatusRebuilder {

    private StatusRebuilder() {
    }

    /** The status of a run that has not started: every phase pending, no steps, no heartbeat yet. */
    static ObjectNode initial(RunLayout layout, RunPlan plan) {
        ObjectNode s = Json.object();
        s.put("schema_version", RunLayout.SCHEMA_VERSION);
        s.put("run_id", plan.runId());
        s.put("host", plan.host());
        s.put("run_dir", layout.dir().toString());
        s.put("config", plan.configPath());
        plan.benchmarks().forEach(s.putArray("benchmarks")::add);
        s.put("state", "queued");
        s.putNull("phase");
        s.putNull("adapter");
        s.putNull("step");
        ObjectNode phases = s.putObject("phases");
        for (Phase p : Phase.values()) {
            phases.putObject(p.id()).put("state", "pending").put("attempts", 0);
        }
        s.putObject("steps");
        s.putObject("heartbeat").putNull("at");
        s.put("created_at", plan.createdAt().toString());
        return s;
    }

    static ObjectNode rebuild(RunLayout layout) {
        if (!Files.exists(layout.plan())) {
            throw new CorruptFileException(layout.status(), "status.json is unreadable and state/plan.json is missing");
        }
        RunPlan plan = RunPlan.fromJson(Json.readObject(layout.plan()));
        ObjectNode s = initial(layout, plan);
        ObjectNode phases = s.with("phases");
        ObjectNode steps = s.with("steps");
        s.put("rebuilt_from_events", true);
        for (ObjectNode e : JsonlLedger.read(layout.events()).records()) {
            String type = e.path("event").asText();
            String ts = e.path("ts").asText();
            switch (type) {
                case "phase_entered" -> {
                    ObjectNode p = phases.with(e.path("phase").asText());
                    p.put("state", "running").put("attempts", p.path("attempts").asInt() + 1);
                    p.put("entered_at", ts);
                    s.put("state", "running").put("phase", e.path("phase").asText());
                    if (!s.has("started_at")) {
                        s.put("started_at", ts);
                    }
                }
                case "phase_left" -> phases.with(e.path("phase").asText()).put("state", e.path("outcome").asText())
                        .put("left_at", ts);
                case "step_finished" -> {
                    steps.with(e.path("adapter").asText()).put(e.path("phase").asText(), e.path("outcome").asText());
                    if (e.path("details").isObject() && Phase.PREFLIGHT.id().equals(e.path("phase").asText())) {
                        PackagingSummary.record(s, Phase.PREFLIGHT, (ObjectNode) e.path("details"));
                    }
                }
                case "step_skipped" -> steps.with(e.path("adapter").asText()).put(e.path("phase").asText(), "completed");
                case "heartbeat" -> s.with("heartbeat").put("at", ts);
                case "moved_to_recovery" -> s.put("state", "recovery");
                case "run_finished" -> s.put("state", e.path("state").asText()).put("ended_at", ts);
                case "run_interrupted" -> s.put("state", "interrupted");
                default -> {
                    // other events do not move the position
                }
            }
        }
        return s;
    }
}
