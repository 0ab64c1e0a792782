package org.sth.automation.run;

import org.sth.automation.io.DocumentSchema;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import org.sth.automation.io.AtomicFiles;
import org.sth.automation.io.Json;

/** Creates the files every new run directory has (directories of older versions: {@link Backfill}). */
final class RunDirectoryFiles {

    private RunDirectoryFiles() {
    }

    static void writeInitialFiles(RunLayout layout, RunPlan plan) {
        touch(layout.events());
        touch(layout.commandLedger());
        touch(layout.transferLedger());
        if (!Files.exists(layout.artifactManifest())) {
            ObjectNode a = DocumentSchema.ARTIFACT_MANIFEST.stamp(Json.object()).put("run_id", plan.runId());
            a.putArray("artifacts");
            Json.writeAtomically(layout.artifactManifest(), a);
        }
        if (!Files.exists(layout.publishLedger())) {
            ObjectNode p = DocumentSchema.PUBLISH_LEDGER.stamp(Json.object()).put("run_id", plan.runId());
            p.putObject("targets");
            Json.writeAtomically(layout.publishLedger(), p);
        }
        if (!Files.exists(layout.hostInventory())) {
            ObjectNode h = Json.object().put("schema_version", RunLayout.SCHEMA_VERSION).put("host", plan.host());
            h.put("state", "not_probed_yet");
            Json.writeAtomically(layout.hostInventory(), h);
        }
        if (!Files.exists(layout.recoverySummary())) {
            AtomicFiles.write(layout.recoverySummary(), "# Recovery summary: " + plan.runId()
                    + "\n\n" + PLACEHOLDER + " Run `status --run-dir " + layout.dir() + "` for its position.\n");
        }
        if (!Files.exists(layout.runManifest())) {
            RunManifest.write(layout, plan);
        }
    }

    /** The placeholder summary of a run that has not finished a phase yet (replaced by the real one later). */
    static final String PLACEHOLDER = "The run has not finished a phase yet.";

    /**
     * Whether recovery_summary.md is missing, or still the placeholder of a run that is no longer queued or running
     * (while it runs, the summary is the controller's to write: on recovery and at finalize).
     */
    static boolean summaryStale(RunLayout layout, ObjectNode status) {
        if (!Files.exists(layout.recoverySummary())) {
            return true;
        }
        String state = status.path("state").asText();
        if (state.equals("running") || state.equals("queued")) {
            return false;
        }
        boolean moved = false;
        for (var p : status.path("phases")) {
            moved |= !"pending".equals(p.path("state").asText("pending"));
        }
        try {
            return moved && Files.readString(layout.recoverySummary()).contains(PLACEHOLDER);
        } catch (IOException e) {
            return true;
        }
    }

    /** Whether the last event is newer than the status (the status is rewritten after every event it reflects). */
    static boolean behindEvents(ObjectNode status, RunLayout layout) {
        ObjectNode last = JsonlLedger.last(layout.events());
        if (last == null || !last.hasNonNull("ts")) {
            return false;
        }
        try {
            String updated = status.path("updated_at").asText(null);
            return updated == null || Instant.parse(last.path("ts").asText()).isAfter(Instant.parse(updated));
        } catch (DateTimeParseException e) {
            return true;
        }
    }

    private static void touch(Path p) {
        try {
            Files.createDirectories(p.getParent());
            if (!Files.exists(p)) {
                Files.createFile(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create " + p + ": " + e.getMessage(), e);
        }
    }
}
