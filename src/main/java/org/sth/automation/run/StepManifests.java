package org.sth.automation.run;

import org.sth.automation.io.DocumentSchema;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;
import org.sth.automation.io.CorruptFileException;
import org.sth.automation.io.Json;
import org.sth.automation.run.status.Outcome;
import org.sth.automation.run.status.Phase;

/** Per-step manifests ({@code state/steps/<adapter>/<phase>.json}): the proof that a step completed. */
public final class StepManifests {

    private StepManifests() {
    }

    public static boolean isCompleted(RunLayout layout, String adapter, Phase phase) {
        return read(layout, adapter, phase).map(m -> Outcome.COMPLETED.id().equals(m.path("outcome").asText())).orElse(false);
    }

    /** The manifest, or empty when missing or unreadable (an unreadable one means "not completed"). */
    public static Optional<ObjectNode> read(RunLayout layout, String adapter, Phase phase) {
        Path p = layout.stepManifest(adapter, phase);
        if (!Files.exists(p)) {
            return Optional.empty();
        }
        try {
            return Optional.of(Json.readObject(p));
        } catch (CorruptFileException e) {
            return Optional.empty();
        }
    }

    public static void write(RunLayout layout, String runId, String adapter, Phase phase, Outcome outcome,
            Instant started, Instant ended, int attempt, ObjectNode details) {
        ObjectNode m = Json.object();
        DocumentSchema.STEP_MANIFEST.stamp(m);
        m.put("run_id", runId);
        m.put("adapter", adapter);
        m.put("phase", phase.id());
        m.put("outcome", outcome.id());
        m.put("attempt", attempt);
        m.put("started_at", started.toString());
        m.put("ended_at", ended.toString());
        m.set("details", details == null ? Json.object() : details);
        Json.writeAtomically(layout.stepManifest(adapter, phase), m);
        RunManifest.indexStepManifests(layout);
    }
}
