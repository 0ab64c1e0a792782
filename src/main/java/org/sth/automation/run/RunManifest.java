package org.sth.automation.run;

import org.sth.automation.io.DocumentSchema;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.sth.automation.io.Json;

/** {@code run_manifest.json}: the index of everything in a run directory, rewritten as files appear. */
public final class RunManifest {

    private RunManifest() {
    }

    public static void write(RunLayout layout, RunPlan plan) {
        ObjectNode m = Json.object();
        DocumentSchema.RUN_MANIFEST.stamp(m);
        m.put("run_id", plan.runId());
        m.put("host", plan.host());
        plan.benchmarks().forEach(m.putArray("benchmarks")::add);
        m.put("created_at", plan.createdAt().toString());
        ObjectNode files = m.putObject("files");
        files.put("status", "status.json");
        files.put("events", "events.jsonl");
        files.put("command_ledger", "command_ledger.jsonl");
        files.put("transfer_ledger", "transfer_ledger.jsonl");
        files.put("artifact_manifest", "artifact_manifest.json");
        files.put("publish_ledger", "publish_ledger.json");
        files.put("recovery_summary", "recovery_summary.md");
        files.put("host_inventory_snapshot", "host_inventory_snapshot.json");
        files.put("plan", "state/plan.json");
        // the schema each file (or each line of a ledger) follows: docs/schema/<name>.schema.json
        ObjectNode schemas = m.putObject("schemas");
        schemas.put("status.json", DocumentSchema.STATUS.id());
        schemas.put("state/plan.json", DocumentSchema.PLAN.id());
        schemas.put("run_manifest.json", DocumentSchema.RUN_MANIFEST.id());
        schemas.put("state/steps/*/*.json", DocumentSchema.STEP_MANIFEST.id());
        schemas.put("artifact_manifest.json", DocumentSchema.ARTIFACT_MANIFEST.id());
        schemas.put("publish_ledger.json", DocumentSchema.PUBLISH_LEDGER.id());
        schemas.put("publish-staging/*/push_ready.json", DocumentSchema.PUSH_READY.id());
        schemas.put("publish-staging/*/pr_ready.json", DocumentSchema.PR_READY.id());
        schemas.put("events.jsonl", DocumentSchema.EVENT.id());
        schemas.put("command_ledger.jsonl", DocumentSchema.COMMAND_LEDGER_LINE.id());
        schemas.put("transfer_ledger.jsonl", DocumentSchema.TRANSFER_LEDGER_LINE.id());
        m.set("step_manifests", stepManifests(layout));
        ObjectNode dirs = m.putObject("directories");
        dirs.put("preflight", "preflight/");
        dirs.put("logs", "logs/");
        dirs.put("benchmarks", "benchmarks/");
        dirs.put("publish_staging", "publish-staging/");
        dirs.put("publish_worktrees", "publish-worktrees/");
        Json.writeAtomically(layout.runManifest(), m);
    }

    /**
     * Indexes the step manifests again (after one was written), so the index never lags the directory; a directory
     * whose index is missing or unreadable is left to the backfill.
     */
    static void indexStepManifests(RunLayout layout) {
        if (!Files.exists(layout.runManifest())) {
            return;
        }
        ObjectNode m;
        try {
            m = Json.readObject(layout.runManifest());
        } catch (RuntimeException unreadable) {
            return;
        }
        ArrayNode now = stepManifests(layout);
        if (!now.equals(m.path("step_manifests"))) {
            m.set("step_manifests", now);
            Json.writeAtomically(layout.runManifest(), m);
        }
    }

    private static ArrayNode stepManifests(RunLayout layout) {
        ArrayNode steps = Json.array();
        Path stepsDir = layout.dir().resolve("state/steps");
        if (Files.isDirectory(stepsDir)) {
            try (Stream<Path> s = Files.walk(stepsDir)) {
                s.filter(p -> p.toString().endsWith(".json") && !p.getFileName().toString().startsWith(".")).sorted()
                        .forEach(p -> steps.add(layout.relative(p)));
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot list " + stepsDir, e);
            }
        }
        return steps;
    }
}
