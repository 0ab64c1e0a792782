package org.sth.automation.run;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import org.sth.automation.io.AtomicFiles;
import org.sth.automation.io.CorruptFileException;
import org.sth.automation.io.Json;

/** Creates the files every run directory has, and backfills them in directories made by older versions. */
final class RunDirectoryFiles {

    private RunDirectoryFiles() {
    }

    static void writeInitialFiles(RunLayout layout, RunPlan plan) {
        touch(layout.events());
        touch(layout.commandLedger());
        touch(layout.transferLedger());
        if (!Files.exists(layout.artifactManifest())) {
            ObjectNode a = Json.object().put("schema_version", RunLayout.SCHEMA_VERSION).put("run_id", plan.runId());
            a.putArray("artifacts");
            Json.writeAtomically(layout.artifactManifest(), a);
        }
        if (!Files.exists(layout.publishLedger())) {
            ObjectNode p = Json.object().put("schema_version", RunLayout.SCHEMA_VERSION).put("run_id", plan.runId());
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
                    + "\n\nThe run has not finished a phase yet. Run `status --run-dir " + layout.dir() + "` for its position.\n");
        }
        if (!Files.exists(layout.runManifest())) {
            RunManifest.write(layout, plan);
        }
    }

    /** Adds whatever a run directory from an older version (or an interrupted creation) lacks. */
    static void backfill(RunLayout layout, RunPlan plan) {
        writeInitialFiles(layout, plan);
    }

    /** status.json, or, when it is missing or corrupt, a status rebuilt from the plan and events. */
    static ObjectNode loadOrRebuildStatus(RunLayout layout) {
        if (Files.exists(layout.status())) {
            try {
                ObjectNode status = Json.readObject(layout.status());
                if (!behindEvents(status, layout) || !Files.exists(layout.plan())) {
                    return status;
                }
                // a kill between an event's append and the status rewrite: the events are the truth
            } catch (CorruptFileException e) {
                // a status file that cannot be read is rebuilt below from the plan and the event ledger
            }
        }
        return StatusRebuilder.rebuild(layout);
    }

    /** Whether the last event is newer than the status (the status is rewritten after every event it reflects). */
    private static boolean behindEvents(ObjectNode status, RunLayout layout) {
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
