package org.sth.automation.phase.publish;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.stream.Stream;
import org.sth.automation.adapter.AdapterSpec;
import org.sth.automation.config.PublishTarget;
import org.sth.automation.phase.StepContext;
import org.sth.automation.phase.StepResult;
import org.sth.automation.run.Json;
import org.sth.automation.run.RunLayout;

/**
 * Stages a benchmark's collected artifacts deterministically under {@code publish-staging/<adapter>/}
 * in the results repository's layout ({@code Results/<host>/<stamp>/<adapter>/…}) and records the
 * target's position in {@code publish_ledger.json}. Committing and pushing build on this staging.
 */
public final class PublishStaging {

    private static final FileTime EPOCH = FileTime.fromMillis(0);

    public StepResult publish(StepContext ctx, AdapterSpec spec) {
        RunLayout layout = ctx.layout();
        Path source = layout.benchmarkDir(spec.name());
        String stamp = layout.dir().getFileName().toString();
        Path staged = layout.publishStaging().resolve(spec.name());
        Path payload = staged.resolve("Results").resolve(ctx.host().name()).resolve(stamp).resolve(spec.name());
        int files = copyTree(source, payload);
        PublishTarget target = ctx.config().publish().get(spec.publishTargetKey());

        ObjectNode entry = Json.object();
        entry.put("adapter", spec.name());
        entry.put("target_key", spec.publishTargetKey());
        entry.put("staging_dir", layout.relative(staged));
        entry.put("payload_path", "Results/" + ctx.host().name() + "/" + stamp + "/" + spec.name());
        entry.put("files", files);
        entry.put("branch", "automation/" + ctx.host().name() + "/" + spec.name() + "/" + stamp);
        String state;
        if (target == null) {
            state = "staged_no_target";
            entry.put("hint", "add a [publish." + spec.publishTargetKey() + "] table to the config to commit and push these results");
        } else {
            state = "staged";
            entry.put("repo_path_key", target.repoPathKey());
            entry.put("push_local", target.pushLocal());
            entry.put("hint", "git commit/push of staged payloads is not part of this version; the payload is ready to copy into the repository");
        }
        entry.put("state", state);
        writeLedgerEntry(layout, spec.name(), entry);
        return StepResult.completed(entry.deepCopy());
    }

    static synchronized void writeLedgerEntry(RunLayout layout, String adapter, ObjectNode entry) {
        ObjectNode ledger = Files.exists(layout.publishLedger()) ? Json.readObject(layout.publishLedger())
                : Json.object().put("schema_version", RunLayout.SCHEMA_VERSION);
        ledger.with("targets").set(adapter, entry);
        Json.writeAtomically(layout.publishLedger(), ledger);
    }

    /** Copies a tree with sorted traversal and fixed timestamps, so equal inputs give byte-identical trees. */
    static int copyTree(Path from, Path to) {
        if (!Files.isDirectory(from)) {
            return 0;
        }
        try (Stream<Path> s = Files.walk(from)) {
            List<Path> files = s.filter(Files::isRegularFile).sorted().toList();
            for (Path f : files) {
                Path dest = to.resolve(from.relativize(f).toString());
                Files.createDirectories(dest.getParent());
                Files.copy(f, dest, StandardCopyOption.REPLACE_EXISTING);
                Files.setLastModifiedTime(dest, EPOCH);
            }
            return files.size();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot stage " + from + " into " + to + ": " + e.getMessage(), e);
        }
    }

    /** The entry recorded for an adapter, if any. */
    public static JsonNode entry(RunLayout layout, String adapter) {
        return Json.readObject(layout.publishLedger()).path("targets").path(adapter);
    }
}
