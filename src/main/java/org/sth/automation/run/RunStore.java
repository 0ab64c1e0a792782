package org.sth.automation.run;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Deque;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import org.sth.automation.io.AtomicFiles;
import org.sth.automation.io.CorruptFileException;
import org.sth.automation.io.Json;
import org.sth.automation.io.StorageException;
import org.sth.automation.run.status.Outcome;
import org.sth.automation.run.status.Phase;
import org.sth.automation.run.status.PhaseState;
import org.sth.automation.run.status.RunState;
import org.sth.automation.run.status.StatusMachine;

/**
 * The single writer of one run directory's state: every change appends an event and rewrites
 * {@code status.json} atomically. One instance per run directory per JVM ({@link #open}).
 */
public final class RunStore {

    private static final Map<Path, RunStore> OPEN = new ConcurrentHashMap<>();
    /** Finished runs a long-lived process ({@code serve}) keeps for its JMX and console views; older ones are dropped. */
    static final int KEEP_FINISHED = 256;
    private static final Deque<RunStore> FINISHED = new ConcurrentLinkedDeque<>();
    /** Run directories whose storage refused a write in this process, with the error: the CLI stops waiting for them. */
    private static final Map<Path, String> UNWRITABLE = new ConcurrentHashMap<>();
    /** Space kept free in every run directory ({@code state/.reserve}), released to record the stop when the disk fills. */
    static final int RESERVE_BYTES = 64 * 1024;

    private final RunLayout layout;
    private final JsonlLedger events;
    private final Clock clock;
    private ObjectNode status;
    // the size of events.jsonl after this process last read or appended it: when it differs, another controller
    // sharing the work root wrote the run since (broker mode, or a new leader), and the status is rebuilt from the events
    private long eventsSeen = -1;
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
            store.keepReserve();
            store.status = StatusMachine.initial(plan.toJson(), layout.dir().toString(), RunLayout.SCHEMA_VERSION);
            // plan.json last: its presence marks a complete run directory
            Json.writeAtomically(layout.plan(), plan.toJson());
            store.record(StatusMachine.Event.RUN_CREATED, Json.object().<ObjectNode>set("benchmarks", Json.MAPPER.valueToTree(plan.benchmarks()))
                    .put("heartbeat_interval_secs", heartbeatInterval.toSeconds()));
        }
        return store;
    }

    /** Opens an existing run directory, backfilling any file or status block an older version lacked. */
    public static RunStore open(Path dir) {
        Path key = dir.toAbsolutePath().normalize();
        RunStore store = OPEN.computeIfAbsent(key, d -> new RunStore(new RunLayout(d), Clock.systemUTC()));
        synchronized (store) {
            if (store.status == null) {
                if (!Backfill.isRunDirectory(store.layout)) {
                    OPEN.remove(key);
                    throw new CorruptFileException(key, "not a run directory (no state/plan.json, status.json or run_manifest.json)");
                }
                Backfill.Result restored;
                try {
                    restored = Backfill.restore(store.layout);
                } catch (RuntimeException e) {
                    OPEN.remove(key);
                    throw e;
                }
                store.status = restored.status();
                if (restored.changed()) {
                    // an event like every other change, so a rebuilt status says what was restored too
                    store.record(StatusMachine.Event.RUN_BACKFILLED, Json.object().<ObjectNode>set("restored", restored.restored())
                            .set("not_restored", restored.notRestored()));
                }
                if (RunDirectoryFiles.summaryStale(store.layout, store.status)) {
                    RecoverySummary.write(store.layout, store.status.deepCopy());
                }
                // (a status whose write failed after its event was appended, by a kill or a full disk, was rebuilt above)
                store.eventsSeen = store.eventsSize();
                store.keepReserve();
                UNWRITABLE.remove(key);
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
        UNWRITABLE.clear();
    }

    /** Why this process could not write the run directory (disk full, read-only, vanished), if it could not. */
    public static java.util.Optional<String> storageFailure(Path dir) {
        return java.util.Optional.ofNullable(UNWRITABLE.get(dir.toAbsolutePath().normalize()));
    }

    /** Writes {@code state/.reserve} unless it is there (best effort: a full disk is exactly when it cannot be written). */
    private void keepReserve() {
        Path reserve = layout.dir().resolve("state/.reserve");
        if (!Files.exists(reserve)) {
            try {
                AtomicFiles.write(reserve, new byte[RESERVE_BYTES]);
            } catch (RuntimeException full) {
                // the free-space floor stops the run before this matters
            }
        }
    }

    /** Deletes the reserve so the stop can be recorded; false when there was none left. */
    private boolean releaseReserve() {
        try {
            return Files.deleteIfExists(layout.dir().resolve("state/.reserve"));
        } catch (IOException e) {
            return false;
        }
    }

    public RunLayout layout() {
        return layout;
    }

    public synchronized RunPlan plan() {
        return RunPlan.fromJson(Json.readObject(layout.plan()));
    }

    /**
     * Fills what a plan rebuilt from a directory of the original tool's shape could not know (its config, its work
     * root), when {@code resume --config} supplies it; a field the plan has is never changed.
     */
    public synchronized void completePlan(Path config, Path workRoot) {
        ObjectNode p = Json.readObject(layout.plan());
        boolean changed = false;
        if (p.path("config").asText("").isBlank()) {
            p.put("config", config.toAbsolutePath().normalize().toString());
            status.put("config", p.path("config").asText());
            changed = true;
        }
        if (p.path("work_root").asText("").isBlank()) {
            p.put("work_root", workRoot.toAbsolutePath().normalize().toString());
            changed = true;
        }
        if (changed) {
            if (p.path("restored").path("missing").isArray()) {
                com.fasterxml.jackson.databind.node.ArrayNode left = Json.array();
                p.path("restored").path("missing").forEach(m -> {
                    if (!m.asText().equals("config") && !m.asText().equals("work_root")) {
                        left.add(m);
                    }
                });
                ((ObjectNode) p.path("restored")).set("missing", left);
                ((ObjectNode) p.path("restored")).put("completed_by", "resume --config");
            }
            Json.writeAtomically(layout.plan(), p);
            writeStatus();
        }
    }

    public synchronized ObjectNode statusSnapshot() {
        refresh();
        return status.deepCopy();
    }

    private long eventsSize() {
        try {
            return Files.size(layout.events());
        } catch (IOException gone) {
            return -1;
        }
    }

    /**
     * Reads the status again from the events when another process appended to them since this one last did: several
     * controllers on one work root take turns on a run (one at a time), and each must start from what the last wrote.
     */
    private void refresh() {
        if (status == null || eventsSeen < 0) {
            return;
        }
        long size = eventsSize();
        if (size >= 0 && size != eventsSeen) {
            status = StatusRebuilder.rebuild(layout);
            eventsSeen = size;
        }
    }

    /**
     * The run directory this controller has been writing is gone (no {@code state/plan.json}): deleted or unmounted under
     * it. Any failure of the run's step is then the storage's, whatever file it failed on first.
     */
    public synchronized java.util.Optional<StorageException> vanished() {
        if (status == null || Files.exists(layout.plan())) {
            return java.util.Optional.empty();
        }
        return java.util.Optional.of(new StorageException(StorageException.Kind.VANISHED, layout.dir(),
                "run directory " + layout.dir() + " is gone (no state/plan.json)", null));
    }

    /** Appends an event that does not change the run's state (cleanup, publish, ...); state changes go through the methods below. */
    public synchronized void appendEvent(String type, ObjectNode fields) {
        record(type, fields);
    }

    /**
     * The one way state changes: the event is appended to {@code events.jsonl}, applied to the status by
     * {@link StatusMachine} (the same code that rebuilds a status from the events) and the status is rewritten.
     */
    private void record(String type, ObjectNode fields) {
        // never recreate a run directory that was deleted or unmounted under a running controller
        java.util.Optional<StorageException> gone = vanished();
        if (gone.isPresent()) {
            throw unwritable(gone.get());
        }
        refresh();
        ObjectNode e = Json.object();
        e.put("ts", clock.instant().toString());
        e.put("run_id", status == null ? plan().runId() : status.path("run_id").asText());
        e.put("event", type);
        if (fields != null) {
            e.setAll(fields);
        }
        // the holder epoch of the controller that writes it (RunFence): a run's lines never go back to an older one
        RunFence.epoch(layout.dir()).ifPresent(epoch -> e.put("epoch", epoch));
        // the reserve is kept for the record of the stop itself: a heartbeat or a step's event that meets a full disk fails
        // at once (the step then stops the run), so a sampler or a heartbeat never uses up what the stop needs
        boolean stop = StatusMachine.Event.RUN_INTERRUPTED.id().equals(type);
        retryOnReserve(stop, () -> events.append(e));
        if (status != null) {
            eventsSeen = eventsSize();
            StatusMachine.apply(status, e);
            retryOnReserve(stop, this::writeStatus);
            if (!RunListener.Registry.isEmpty()) {
                RunListener.Registry.event(layout, e, status.deepCopy());
            }
        }
    }

    /**
     * Runs a write; when the disk is full while it records the stop ({@code stop}), releases the run's reserve and tries
     * once more, so the event that records the stop (and the status that matches it) still fit. Any other failure, or a
     * second one, marks the directory unwritable.
     */
    private void retryOnReserve(boolean stop, Runnable write) {
        try {
            write.run();
        } catch (StorageException full) {
            if (!stop || full.kind() != StorageException.Kind.DISK_FULL || !releaseReserve()) {
                throw unwritable(full);
            }
            try {
                write.run();
            } catch (StorageException again) {
                throw unwritable(again);
            }
        }
    }

    private StorageException unwritable(StorageException e) {
        UNWRITABLE.put(layout.dir(), e.getMessage());
        return e;
    }

    private void record(StatusMachine.Event type, ObjectNode fields) {
        record(type.id(), fields);
    }

    /**
     * Records that {@code phase} took the run's message. The event's {@code attempt} is the real one: how often this
     * run entered the phase, this time included (a message carries attempt 1 whatever happened before it).
     */
    public synchronized void phaseEntered(Phase phase, int attempt) {
        phaseEntered(phase, attempt, null);
    }

    /**
     * As {@link #phaseEntered(Phase, int)}, saying which controller took the message and from which kind of spool
     * ({@code controller}: pid@host, {@code spool}: file or broker), when several controllers share the work root.
     */
    public synchronized void phaseEntered(Phase phase, int attempt, ObjectNode by) {
        refresh();
        int entered = status.path("phases").path(phase.id()).path("attempts").asInt() + 1;
        ObjectNode ev = Json.object().put("phase", phase.id()).put("attempt", Math.max(attempt, entered));
        if (by != null) {
            ev.setAll(by);
        }
        record(StatusMachine.Event.PHASE_ENTERED, ev);
    }

    public synchronized void phaseLeft(Phase phase, PhaseState outcome, String error) {
        ObjectNode ev = Json.object().put("phase", phase.id()).put("outcome", outcome.id());
        if (error != null) {
            ev.put("error", error);
        }
        record(StatusMachine.Event.PHASE_LEFT, ev);
        if (outcome == PhaseState.COMPLETED && phase == Phase.FINALIZE) {
            record(StatusMachine.Event.RUN_FINISHED, Json.object().put("state", StatusMachine.overallOutcome(status).id()));
            RecoverySummary.write(layout, status.deepCopy());
            FINISHED.add(this);
            dropOldFinished();
        }
    }

    /** Called when a message of this run lands in the recovery queue. */
    public synchronized void movedToRecovery(Phase phase, String error, String recoveryFile, String replayCommand) {
        record(StatusMachine.Event.MOVED_TO_RECOVERY, Json.object().put("phase", phase.id()).put("error", error)
                .put("recovery_message", recoveryFile).put("replay_command", replayCommand));
        RecoverySummary.write(layout, status.deepCopy());
    }

    /** Marks the run interrupted (operator stop, or found running with no live controller). */
    public synchronized void interrupted(String reason) {
        record(StatusMachine.Event.RUN_INTERRUPTED, Json.object().put("reason", reason));
    }

    /** Marks the run interrupted because its storage refused a write ({@code reason} disk_full, read_only, run_dir_vanished). */
    public synchronized void interrupted(StorageException cause) {
        try {
            record(StatusMachine.Event.RUN_INTERRUPTED, Json.object().put("reason", cause.kind().id()).put("error", cause.getMessage()));
        } catch (StorageException stillFull) {
            // nothing more can be written here; the process remembers it (storageFailure) and the events stay the truth
        }
        UNWRITABLE.put(layout.dir(), cause.getMessage());
    }

    /**
     * The run's next message waits for its host, held by run {@code behind}: the run is queued, not stalled. Recorded
     * once per holder (polling asks again and again).
     */
    public synchronized void waiting(String behind, String reason) {
        if (behind.equals(status.path("waiting").path("behind_run").asText(null))) {
            return;
        }
        record(StatusMachine.Event.RUN_WAITING, Json.object().put("behind_run", behind).put("reason", reason));
    }

    /** Marks the run queued again from a phase ({@code resume}, {@code replay}). */
    public synchronized void resumed(Phase from, String how) {
        record(StatusMachine.Event.RUN_RESUMED, Json.object().put("from_phase", from.id()).put("how", how));
        // the write above went through: whatever refused writes before (disk full) has been fixed
        UNWRITABLE.remove(layout.dir());
    }

    public synchronized void stepStarted(String adapter, Phase phase) {
        record(StatusMachine.Event.STEP_STARTED, Json.object().put("adapter", adapter).put("phase", phase.id()));
    }

    public synchronized void stepFinished(String adapter, Phase phase, Outcome outcome, ObjectNode details) {
        // a step that ends while the controller is going down after an interrupt stays "interrupted"
        // (its manifest says so too, see Engine.runStep) unless it really completed
        if (isInterrupted() && Outcome.INTERRUPTED.id().equals(status.path("steps").path(adapter).path(phase.id()).asText())
                && outcome != Outcome.COMPLETED) {
            outcome = Outcome.INTERRUPTED;
        }
        ObjectNode ev = Json.object().put("adapter", adapter).put("phase", phase.id()).put("outcome", outcome.id());
        if (details != null) {
            ev.set("details", details);
        }
        record(StatusMachine.Event.STEP_FINISHED, ev);
    }

    /** A step that was already completed before (redelivery or resume) and was not redone. */
    public synchronized void stepSkipped(String adapter, Phase phase, String reason) {
        record(StatusMachine.Event.STEP_SKIPPED, Json.object().put("adapter", adapter).put("phase", phase.id()).put("reason", reason));
    }

    public synchronized void heartbeat(String adapter, Phase phase, ObjectNode probe) {
        ObjectNode ev = Json.object().put("adapter", adapter).put("phase", phase.id());
        if (probe != null) {
            ev.setAll(probe);
        }
        record(StatusMachine.Event.HEARTBEAT, ev);
    }

    /** Adds or replaces a warning shown in the alerts block (e.g. captures that failed); an event, so a rebuild keeps it. */
    public synchronized void warning(String key, String message, String installCommand) {
        ObjectNode ev = Json.object().put("key", key).put("message", message);
        if (installCommand != null) {
            ev.put("install_command", installCommand);
        }
        record(StatusMachine.Event.WARNING, ev);
    }

    /** The run's state. */
    public synchronized RunState state() {
        refresh();
        return RunState.of(status.path("state").asText());
    }

    /** Whether the run was marked interrupted (operator signal, or found running at resume) and not resumed since. */
    public synchronized boolean isInterrupted() {
        return state() == RunState.INTERRUPTED;
    }

    public synchronized boolean isFinished() {
        return state().isFinished();
    }

    public synchronized void writeStatus() {
        StatusDerivation.apply(status, layout, clock.instant());
        Json.writeAtomically(layout.status(), status);
        finished = state().isFinished();
    }
}
