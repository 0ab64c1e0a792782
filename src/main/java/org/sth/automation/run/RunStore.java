package org.sth.automation.run;

import org.sth.automation.engine.Engine;
import org.sth.automation.io.CorruptFileException;
import org.sth.automation.io.Json;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Deque;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;

/**
 * The single writer of one run directory's state: every change appends an event and rewrites
 * {@code status.json} atomically. One instance per run directory per JVM ({@link #open}).
 */
public final class RunStore {

    private static final Map<Path, RunStore> OPEN = new ConcurrentHashMap<>();
    /** Finished runs a long-lived process ({@code serve}) keeps for its JMX and console views; older ones are dropped. */
    static final int KEEP_FINISHED = 256;
    private static final Deque<RunStore> FINISHED = new ConcurrentLinkedDeque<>();

    private final RunLayout layout;
    private final JsonlLedger events;
    private final Clock clock;
    private ObjectNode status;
    // read without the lock when dropping old finished runs
    private volatile boolean finished;

    private RunStore(RunLayout layout, Clock clock) {
        this.layout = layout;
        this.events = new JsonlLedger(layout.events());
        this.clock = clock;
    }

    /** Creates a new run directory with every file of the layout, or returns the existing store. */
    public static RunStore create(Path dir, RunPlan plan, Duration heartbeatInterval) {
        RunLayout layout = new RunLayout(dir.toAbsolutePath().normalize());
        if (Files.exists(layout.plan())) {
            return open(dir);
        }
        RunStore store = OPEN.computeIfAbsent(layout.dir(), d -> new RunStore(layout, Clock.systemUTC()));
        synchronized (store) {
            try {
                for (Path p : new Path[] {layout.preflightDir(), layout.logsDir(), layout.dir().resolve("benchmarks"),
                        layout.publishStaging(), layout.publishWorktrees(), layout.dir().resolve("state/steps")}) {
                    Files.createDirectories(p);
                }
                Files.createDirectories(layout.dir());
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot create run directory " + dir + ": " + e.getMessage(), e);
            }
            RunDirectoryFiles.writeInitialFiles(layout, plan);
            ObjectNode s = StatusRebuilder.initial(layout, plan);
            s.with("heartbeat").put("interval_secs", heartbeatInterval.toSeconds());
            store.status = s;
            // plan.json last: its presence marks a complete run directory
            Json.writeAtomically(layout.plan(), plan.toJson());
            store.appendEvent("run_created", Json.object().put("benchmarks", String.join(",", plan.benchmarks())));
            store.writeStatus();
        }
        return store;
    }

    /** Opens an existing run directory, backfilling any file or status block an older version lacked. */
    public static RunStore open(Path dir) {
        Path key = dir.toAbsolutePath().normalize();
        RunStore store = OPEN.computeIfAbsent(key, d -> new RunStore(new RunLayout(d), Clock.systemUTC()));
        synchronized (store) {
            if (store.status == null) {
                if (!Files.exists(store.layout.plan()) && !Files.exists(store.layout.status())) {
                    OPEN.remove(key);
                    throw new CorruptFileException(key, "not a run directory (no state/plan.json or status.json)");
                }
                store.status = RunDirectoryFiles.loadOrRebuildStatus(store.layout);
                RunDirectoryFiles.backfill(store.layout, store.plan());
            }
        }
        return store;
    }

    /** Every run directory this process has opened, for the JMX and console views. */
    public static java.util.List<RunStore> openStores() {
        return java.util.List.copyOf(OPEN.values());
    }

    /**
     * Keeps at most {@link #KEEP_FINISHED} finished runs in memory, dropping the earliest finished. A dropped run
     * that is opened again (status, resume) is read back from its directory; one resumed since it finished is
     * running again and stays.
     */
    private static void dropOldFinished() {
        while (FINISHED.size() > KEEP_FINISHED) {
            RunStore old = FINISHED.poll();
            if (old != null && old.finished) {
                OPEN.remove(old.layout.dir(), old);
            }
        }
    }

    /** Forgets cached stores (tests that simulate a fresh process). */
    public static void forgetAll() {
        FINISHED.clear();
        OPEN.clear();
    }

    public RunLayout layout() {
        return layout;
    }

    public synchronized RunPlan plan() {
        return RunPlan.fromJson(Json.readObject(layout.plan()));
    }

    public synchronized ObjectNode statusSnapshot() {
        return status.deepCopy();
    }

    public synchronized void appendEvent(String type, ObjectNode fields) {
        ObjectNode e = Json.object();
        e.put("ts", clock.instant().toString());
        e.put("run_id", status == null ? plan().runId() : status.path("run_id").asText());
        e.put("event", type);
        if (fields != null) {
            e.setAll(fields);
        }
        events.append(e);
    }

    public synchronized void phaseEntered(Phase phase, int attempt) {
        ObjectNode p = phaseNode(phase);
        p.put("state", "running");
        p.put("attempts", p.path("attempts").asInt() + 1);
        if (!p.has("entered_at")) {
            p.put("entered_at", now());
        }
        p.remove("error");
        status.put("state", "running");
        status.put("phase", phase.id());
        status.putNull("adapter");
        status.putNull("step");
        if (!status.hasNonNull("started_at")) {
            status.put("started_at", now());
        }
        status.remove("last_error");
        appendEvent("phase_entered", Json.object().put("phase", phase.id()).put("attempt", attempt));
        writeStatus();
    }

    public synchronized void phaseLeft(Phase phase, String outcome, String error) {
        ObjectNode p = phaseNode(phase);
        p.put("state", outcome);
        p.put("left_at", now());
        ObjectNode ev = Json.object().put("phase", phase.id()).put("outcome", outcome);
        if (error != null) {
            p.put("error", error);
            ev.put("error", error);
        }
        appendEvent("phase_left", ev);
        if ("completed".equals(outcome) && phase == Phase.FINALIZE) {
            status.put("state", overallOutcome());
            status.put("ended_at", now());
            status.putNull("adapter");
            status.putNull("step");
            appendEvent("run_finished", Json.object().put("state", status.path("state").asText()));
            writeStatus();
            RecoverySummary.write(layout, status.deepCopy());
            FINISHED.add(this);
            dropOldFinished();
            return;
        }
        writeStatus();
    }

    /** Called when a message of this run lands in the recovery queue. */
    public synchronized void movedToRecovery(Phase phase, String error, String recoveryFile, String replayCommand) {
        ObjectNode p = phaseNode(phase);
        p.put("state", "recovery");
        p.put("error", error);
        status.put("state", "recovery");
        status.put("phase", phase.id());
        ObjectNode le = status.putObject("last_error");
        le.put("phase", phase.id());
        le.put("message", error);
        le.put("recovery_message", recoveryFile);
        le.put("replay_command", replayCommand);
        appendEvent("moved_to_recovery", Json.object().put("phase", phase.id()).put("error", error)
                .put("recovery_message", recoveryFile));
        writeStatus();
        RecoverySummary.write(layout, status.deepCopy());
    }

    /** Marks the run interrupted (operator stop, or found running with no live controller). */
    public synchronized void interrupted(String reason) {
        String phase = status.path("phase").asText(null);
        if (phase != null) {
            phaseNode(Phase.of(phase)).put("state", "interrupted");
        }
        String adapter = status.path("adapter").asText(null);
        if (adapter != null && phase != null && "running".equals(stepNode(adapter).path(phase).asText())) {
            stepNode(adapter).put(phase, "interrupted");
        }
        status.put("state", "interrupted");
        appendEvent("run_interrupted", Json.object().put("reason", reason));
        writeStatus();
    }

    /** Marks the run queued again from a phase ({@code resume}, {@code replay}). */
    public synchronized void resumed(Phase from, String how) {
        status.put("state", "queued");
        status.put("phase", from.id());
        status.remove("ended_at");
        status.remove("last_error");
        appendEvent("run_resumed", Json.object().put("from_phase", from.id()).put("how", how));
        writeStatus();
    }

    public synchronized void stepStarted(String adapter, Phase phase) {
        status.put("adapter", adapter);
        status.put("step", adapter + "/" + phase.id());
        stepNode(adapter).put(phase.id(), "running");
        appendEvent("step_started", Json.object().put("adapter", adapter).put("phase", phase.id()));
        writeStatus();
    }

    public synchronized void stepFinished(String adapter, Phase phase, String outcome, ObjectNode details) {
        // a step that ends while the controller is going down after an interrupt stays "interrupted"
        // (its manifest says so too, see Engine.runStep) unless it really completed
        if (isInterrupted() && "interrupted".equals(stepNode(adapter).path(phase.id()).asText()) && !"completed".equals(outcome)) {
            outcome = "interrupted";
        }
        stepNode(adapter).put(phase.id(), outcome);
        ObjectNode ev = Json.object().put("adapter", adapter).put("phase", phase.id()).put("outcome", outcome);
        if (details != null) {
            ev.set("details", details);
        }
        PackagingSummary.record(status, phase, details);
        appendEvent("step_finished", ev);
        writeStatus();
    }

    /** A step that was already completed before (redelivery or resume) and was not redone. */
    public synchronized void stepSkipped(String adapter, Phase phase, String reason) {
        stepNode(adapter).put(phase.id(), "completed");
        appendEvent("step_skipped", Json.object().put("adapter", adapter).put("phase", phase.id()).put("reason", reason));
        writeStatus();
    }

    public synchronized void heartbeat(String adapter, Phase phase, ObjectNode probe) {
        ObjectNode hb = status.with("heartbeat");
        hb.put("at", now());
        hb.put("adapter", adapter);
        hb.put("phase", phase.id());
        ObjectNode ev = Json.object().put("adapter", adapter).put("phase", phase.id());
        if (probe != null) {
            ev.setAll(probe);
        }
        appendEvent("heartbeat", ev);
        writeStatus();
    }

    /** Adds or replaces a warning shown in the alerts block (e.g. captures that failed). */
    public synchronized void warning(String key, String message, String installCommand) {
        ObjectNode w = status.with("warnings").putObject(key);
        w.put("message", message);
        if (installCommand != null) {
            w.put("install_command", installCommand);
        }
        writeStatus();
    }

    /** Whether the run was marked interrupted (operator signal, or found running at resume) and not resumed since. */
    public synchronized boolean isInterrupted() {
        return "interrupted".equals(status.path("state").asText());
    }

    public synchronized boolean isFinished() {
        String s = status.path("state").asText();
        return s.equals("completed") || s.equals("completed_with_failures") || s.equals("failed");
    }

    public synchronized void writeStatus() {
        status.put("updated_at", now());
        StatusDerivation.apply(status, layout, clock.instant());
        Json.writeAtomically(layout.status(), status);
        String state = status.path("state").asText();
        finished = state.equals("completed") || state.equals("completed_with_failures") || state.equals("failed");
    }

    private String overallOutcome() {
        for (JsonNode steps : status.path("steps")) {
            for (JsonNode outcome : steps) {
                if (!outcome.asText().equals("completed") && !outcome.asText().equals("skipped")) {
                    return "completed_with_failures";
                }
            }
        }
        return "completed";
    }

    private ObjectNode phaseNode(Phase phase) {
        return status.with("phases").with(phase.id());
    }

    private ObjectNode stepNode(String adapter) {
        return status.with("steps").with(adapter);
    }

    private String now() {
        return clock.instant().toString();
    }
}
