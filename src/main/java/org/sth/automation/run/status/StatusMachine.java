package org.sth.automation.run.status;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Locale;
import org.sth.automation.io.DocumentSchema;

/**
 * The one state machine of {@code status.json}: every change of a run's state is an event in {@code events.jsonl},
 * and {@link #apply} is the only code that turns an event into state. The run store applies each event as it
 * appends it; a lost or corrupt status is rebuilt by applying the same events to {@link #initial}, so a rebuilt
 * status equals the live one (apart from the blocks derived from the clock, see {@code StatusDerivation}).
 * Only the event's own fields and timestamp are read: never the clock, never a file.
 */
public final class StatusMachine {

    /** Events that change the status; any other event (cleanup, publish, transfers) leaves it as it is. */
    public enum Event {
        RUN_CREATED, RUN_WAITING, PHASE_ENTERED, PHASE_LEFT, STEP_STARTED, STEP_FINISHED, STEP_SKIPPED, HEARTBEAT, WARNING,
        MOVED_TO_RECOVERY, RUN_INTERRUPTED, RUN_RESUMED, RUN_FINISHED, RUN_BACKFILLED, REMOTE_SHELL;

        /** The name in {@code events.jsonl}. */
        public String id() {
            return name().toLowerCase(Locale.ROOT);
        }

        static Event of(String id) {
            for (Event e : values()) {
                if (e.id().equals(id)) {
                    return e;
                }
            }
            return null;
        }
    }

    private StatusMachine() {
    }

    /**
     * The status of a run that has not started, from its {@code state/plan.json}: every phase pending, no steps,
     * no heartbeat yet.
     */
    public static ObjectNode initial(JsonNode plan, String runDir, int schemaVersion) {
        ObjectNode s = JsonNodeFactory.instance.objectNode();
        s.put("$schema", DocumentSchema.STATUS.id());
        s.put("schema_version", schemaVersion);
        s.put("run_id", plan.path("run_id").asText());
        s.put("request_id", plan.path("request_id").asText(null));
        s.put("host", plan.path("host").asText());
        s.put("run_dir", runDir);
        s.put("config", plan.path("config").asText());
        s.set("benchmarks", plan.path("benchmarks").deepCopy());
        s.put("state", RunState.QUEUED.id());
        s.putNull("phase");
        s.putNull("adapter");
        s.putNull("step");
        ObjectNode phases = s.putObject("phases");
        for (Phase p : Phase.values()) {
            phases.putObject(p.id()).put("state", PhaseState.PENDING.id()).put("attempts", 0);
        }
        s.putObject("steps");
        s.putObject("heartbeat").putNull("at");
        s.put("created_at", plan.path("created_at").asText());
        return s;
    }

    /** Applies one event (a line of {@code events.jsonl}) to {@code status}, in place. */
    public static void apply(ObjectNode status, JsonNode event) {
        Event type = Event.of(event.path("event").asText());
        String ts = event.path("ts").asText(null);
        if (ts != null) {
            status.put("updated_at", ts);
        }
        if (type == null) {
            return;
        }
        String phase = event.path("phase").asText(null);
        String adapter = event.path("adapter").asText(null);
        switch (type) {
            case RUN_CREATED -> {
                if (event.has("heartbeat_interval_secs")) {
                    status.with("heartbeat").put("interval_secs", event.path("heartbeat_interval_secs").asLong());
                }
            }
            case RUN_WAITING -> {
                ObjectNode w = status.putObject("waiting");
                w.put("since", ts);
                w.put("reason", event.path("reason").asText());
                w.put("behind_run", event.path("behind_run").asText(null));
            }
            case PHASE_ENTERED -> {
                closeUnfinishedPhases(status, Phase.of(phase), ts);
                ObjectNode p = phaseNode(status, phase);
                p.put("state", PhaseState.RUNNING.id());
                p.put("attempts", p.path("attempts").asInt() + 1);
                if (!p.hasNonNull("entered_at")) {
                    p.put("entered_at", ts);
                }
                p.put("last_entered_at", ts);
                p.remove("error");
                p.remove("left_at");
                status.put("state", RunState.RUNNING.id());
                status.put("phase", phase);
                status.putNull("adapter");
                status.putNull("step");
                if (!status.hasNonNull("started_at")) {
                    status.put("started_at", ts);
                }
                status.remove("last_error");
                status.remove("waiting");
                // which controller took the message, and from a file spool or the broker (several controllers on one work root)
                if (event.hasNonNull("controller")) {
                    status.put("controller", event.path("controller").asText());
                    status.put("spool", event.path("spool").asText("file"));
                }
            }
            case PHASE_LEFT -> {
                ObjectNode p = phaseNode(status, phase);
                p.put("state", event.path("outcome").asText());
                p.put("left_at", ts);
                if (event.hasNonNull("error")) {
                    p.put("error", event.path("error").asText());
                }
            }
            case STEP_STARTED -> {
                status.put("adapter", adapter);
                status.put("step", adapter + "/" + phase);
                stepNode(status, adapter).put(phase, "running");
            }
            case STEP_FINISHED -> {
                stepNode(status, adapter).put(phase, event.path("outcome").asText());
                if (event.path("details").isObject()) {
                    PackagingSummary.record(status, Phase.of(phase), (ObjectNode) event.path("details"));
                    IntegritySummary.record(status, adapter, Phase.of(phase), (ObjectNode) event.path("details"));
                }
            }
            case STEP_SKIPPED -> stepNode(status, adapter).put(phase, Outcome.COMPLETED.id());
            case HEARTBEAT -> {
                ObjectNode hb = status.with("heartbeat");
                hb.put("at", ts);
                hb.put("adapter", adapter);
                hb.put("phase", phase);
                if (phase != null) {
                    phaseNode(status, phase).put("heartbeat_at", ts);
                }
            }
            case WARNING -> {
                ObjectNode w = status.with("warnings").putObject(event.path("key").asText());
                w.put("message", event.path("message").asText());
                if (event.hasNonNull("install_command")) {
                    w.put("install_command", event.path("install_command").asText());
                }
            }
            case MOVED_TO_RECOVERY -> {
                ObjectNode p = phaseNode(status, phase);
                p.put("state", PhaseState.RECOVERY.id());
                p.put("error", event.path("error").asText());
                status.put("state", RunState.RECOVERY.id());
                status.put("phase", phase);
                ObjectNode le = status.putObject("last_error");
                le.put("phase", phase);
                le.put("message", event.path("error").asText());
                le.put("recovery_message", event.path("recovery_message").asText(null));
                le.put("replay_command", event.path("replay_command").asText(null));
            }
            case RUN_INTERRUPTED -> {
                String at = status.path("phase").asText(null);
                if (at != null && PhaseState.RUNNING.id().equals(phaseNode(status, at).path("state").asText())) {
                    phaseNode(status, at).put("state", PhaseState.INTERRUPTED.id());
                }
                String running = status.path("adapter").asText(null);
                if (running != null && at != null && "running".equals(stepNode(status, running).path(at).asText())) {
                    stepNode(status, running).put(at, Outcome.INTERRUPTED.id());
                }
                status.put("state", RunState.INTERRUPTED.id());
                status.put("interrupted_reason", event.path("reason").asText());
            }
            case RUN_RESUMED -> {
                status.put("state", RunState.QUEUED.id());
                status.put("phase", event.path("from_phase").asText());
                status.putNull("adapter");
                status.putNull("step");
                status.remove("ended_at");
                status.remove("last_error");
                status.remove("interrupted_reason");
                status.put("resumed_at", ts);
            }
            case RUN_FINISHED -> {
                status.put("state", event.path("state").asText());
                status.put("ended_at", ts);
                status.putNull("adapter");
                status.putNull("step");
            }
            case REMOTE_SHELL -> {
                ObjectNode shell = status.putObject("remote_shell");
                shell.put("mode", event.path("mode").asText());
                shell.put("reason", event.path("reason").asText(null));
                shell.put("since", ts);
            }
            case RUN_BACKFILLED -> {
                // what a backfill restored in a directory of an older version, and what it could not
                ObjectNode b = status.with("backfill");
                b.put("at", ts);
                if (event.path("restored").isObject()) {
                    b.with("restored").setAll((ObjectNode) event.path("restored"));
                }
                if (event.path("not_restored").isObject()) {
                    b.with("not_restored").setAll((ObjectNode) event.path("not_restored"));
                }
            }
            default -> throw new IllegalStateException("unhandled event " + type);
        }
    }

    /** The run's overall result once every phase completed: completed when every step succeeded. */
    public static RunState overallOutcome(JsonNode status) {
        for (JsonNode steps : status.path("steps")) {
            for (JsonNode outcome : steps) {
                if (!Outcome.COMPLETED.id().equals(outcome.asText()) && !Outcome.SKIPPED.id().equals(outcome.asText())) {
                    return RunState.COMPLETED_WITH_FAILURES;
                }
            }
        }
        return RunState.COMPLETED;
    }

    /**
     * A phase still {@code running} when another one is entered never got its {@code phase_left} (the process ended
     * between handing the message on and recording it): an earlier phase handed the message on, so it completed; a
     * later one (the run was sent back, e.g. by resume) was interrupted. Marked {@code left_derived} either way.
     */
    private static void closeUnfinishedPhases(ObjectNode status, Phase entered, String ts) {
        for (Phase q : Phase.values()) {
            ObjectNode n = phaseNode(status, q.id());
            if (q != entered && PhaseState.RUNNING.id().equals(n.path("state").asText())) {
                n.put("state", (q.ordinal() < entered.ordinal() ? PhaseState.COMPLETED : PhaseState.INTERRUPTED).id());
                n.put("left_at", ts);
                n.put("left_derived", true);
            }
        }
    }

    private static ObjectNode phaseNode(ObjectNode status, String phase) {
        return status.with("phases").with(phase);
    }

    private static ObjectNode stepNode(ObjectNode status, String adapter) {
        return status.with("steps").with(adapter);
    }
}
