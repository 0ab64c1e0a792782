package org.sth.automation.engine.resume;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.sth.automation.engine.PhaseMessage;
import org.sth.automation.engine.PreflightRecord;
import org.sth.automation.engine.WorkDirs;
import org.sth.automation.engine.recovery.RecoveryQueue;
import org.sth.automation.io.AtomicFiles;
import org.sth.automation.run.RunDebris;
import org.sth.automation.run.RunPlan;
import org.sth.automation.run.RunStore;
import org.sth.automation.run.status.Outcome;
import org.sth.automation.run.status.Phase;
import org.sth.automation.run.status.PhaseState;
import org.sth.automation.run.status.RunState;

/**
 * Decides what {@code resume} re-queues: the message already waiting in a spool, else the one parked in
 * recovery, else a new message at the earliest phase that has unfinished work. Never queues a run twice.
 */
public final class ResumePlanner {

    private ResumePlanner() {
    }

    /** What was done: the phase the run now waits in, and how; empty when nothing is left to do. */
    public record Requeued(Phase phase, String how, Path message) {
    }

    public static Optional<Requeued> requeue(RunStore store) {
        RunPlan plan = store.plan();
        WorkDirs dirs = new WorkDirs(Path.of(plan.workRoot()));
        String file = plan.runId() + ".json";
        ObjectNode status = store.statusSnapshot();
        if (RunState.of(status.path("state").asText()) == RunState.RUNNING) {
            store.interrupted("controller stopped while the run was in phase " + status.path("phase").asText()
                    + " (found running at resume)");
        }
        // what a killed predecessor's interrupted writes left (never a write of a live process) goes before work resumes
        RunDebris.sweep(store, "resume");
        for (Phase p : Phase.values()) {
            Path released = RecoveryQueue.release(dirs, p, file);
            if (released != null) {
                store.resumed(p, "message held after a storage failure");
                return Optional.of(new Requeued(p, "message held in spool/" + p.id() + " after a storage failure", released));
            }
        }
        for (Phase p : Phase.values()) {
            Path waiting = dirs.spool(p).resolve(file);
            if (Files.exists(waiting)) {
                store.resumed(p, "message already in spool");
                return Optional.of(new Requeued(p, "message already in spool/" + p.id(), waiting));
            }
        }
        for (Phase p : Phase.values()) {
            Path parked = dirs.recovery(p).resolve(file);
            if (Files.exists(parked)) {
                Path spool = RecoveryQueue.replay(parked);
                store.resumed(p, "replayed from recovery");
                return Optional.of(new Requeued(p, "replayed from recovery/" + p.id(), spool));
            }
        }
        Phase from = firstUnfinished(status);
        if (from == null) {
            return Optional.empty();
        }
        String how = "re-queued at the first unfinished phase";
        // benchmarks preflight blocked (a tool was missing): the operator may have fixed the host since,
        // so readiness is probed again (a new probe key: the first probe stays in the ledger) before stage
        List<String> blocked = PreflightRecord.blockedByReadiness(store.layout(), plan.benchmarks());
        Path recheck = store.layout().readinessRecheck();
        if (!blocked.isEmpty() || Files.exists(recheck)) {
            if (!Files.exists(recheck)) {
                AtomicFiles.write(recheck, PreflightRecord.recheckKey() + "\n");
            }
            from = Phase.PREFLIGHT;
            how = "re-queued at preflight to re-check readiness"
                    + (blocked.isEmpty() ? "" : " of " + String.join(", ", blocked) + " (blocked by preflight)");
        }
        Path queued = dirs.enqueue(new PhaseMessage(plan.runId(), store.layout().dir(), plan.host(), from, 1, Instant.now()));
        store.resumed(from, how);
        return Optional.of(new Requeued(from, "queued in spool/" + from.id(), queued));
    }

    /** The earliest phase that did not complete, or that has a step that did not complete. */
    static Phase firstUnfinished(ObjectNode status) {
        Phase earliest = null;
        for (Phase p : Phase.values()) {
            if (PhaseState.of(status.path("phases").path(p.id()).path("state").asText()) != PhaseState.COMPLETED) {
                earliest = p;
                break;
            }
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = status.path("steps").fields(); it.hasNext(); ) {
            for (Iterator<Map.Entry<String, JsonNode>> ph = it.next().getValue().fields(); ph.hasNext(); ) {
                var step = ph.next();
                if (!Outcome.COMPLETED.id().equals(step.getValue().asText())) {
                    Phase p = Phase.of(step.getKey());
                    if (earliest == null || p.ordinal() < earliest.ordinal()) {
                        earliest = p;
                    }
                }
            }
        }
        return earliest;
    }
}
