package org.sth.automation;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.sth.automation.io.Json;
import org.sth.automation.run.JsonlLedger;
import org.sth.automation.run.RunLayout;
import org.sth.automation.run.StatusDerivation;
import org.sth.automation.run.StatusRebuilder;
import org.sth.automation.run.status.Phase;

/** Checks shared by the end-to-end tests: the run-directory contract of docs/run-directory.md. */
public final class RunDirectoryAssertions {

    public static final List<String> JSON_FILES = List.of("run_manifest.json", "status.json", "artifact_manifest.json",
            "publish_ledger.json", "host_inventory_snapshot.json", "state/plan.json");

    private RunDirectoryAssertions() {
    }

    /**
     * The status the run wrote live equals the status rebuilt from its events by the same state machine
     * (the blocks derived from the clock and the files left out, they are recomputed on every read).
     */
    public static void assertStatusRebuildsFromEvents(Path runDir) {
        ObjectNode live = Json.readObject(runDir.resolve("status.json"));
        // compared as written to disk: a number is a number, whatever node type the builder held it in
        ObjectNode rebuilt = (ObjectNode) Json.parse(Json.line(StatusRebuilder.rebuild(new RunLayout(runDir))));
        for (ObjectNode s : List.of(live, rebuilt)) {
            s.remove(StatusDerivation.DERIVED);
            s.remove("rebuilt_from_events");
        }
        assertThat(differences("", rebuilt, live)).as("status rebuilt from events.jsonl of " + runDir + " vs status.json").isEmpty();
    }

    /** Paths where two JSON trees differ, with both values. */
    static List<String> differences(String at, com.fasterxml.jackson.databind.JsonNode a, com.fasterxml.jackson.databind.JsonNode b) {
        List<String> out = new java.util.ArrayList<>();
        if (a.isObject() && b.isObject()) {
            java.util.Set<String> keys = new java.util.TreeSet<>();
            a.fieldNames().forEachRemaining(keys::add);
            b.fieldNames().forEachRemaining(keys::add);
            for (String k : keys) {
                out.addAll(differences(at + "/" + k, a.path(k), b.path(k)));
            }
        } else if (!a.equals(b)) {
            out.add(at + ": rebuilt " + a + " != live " + b);
        }
        return out;
    }

    public static void assertCompleteRunDirectory(Path runDir) {
        assertStatusRebuildsFromEvents(runDir);
        for (String f : JSON_FILES) {
            ObjectNode n = Json.readObject(runDir.resolve(f));
            assertThat(n.has("schema_version")).as(f + " has schema_version").isTrue();
        }
        for (String f : List.of("events.jsonl", "command_ledger.jsonl", "transfer_ledger.jsonl", "recovery_summary.md")) {
            assertThat(runDir.resolve(f)).as(f).exists();
        }
        for (String f : List.of("events.jsonl", "command_ledger.jsonl")) {
            assertThat(JsonlLedger.read(runDir.resolve(f)).unreadableLines()).as(f + " unreadable lines").isZero();
        }
        for (String d : List.of("preflight", "logs", "benchmarks", "publish-staging", "publish-worktrees", "state/steps")) {
            assertThat(runDir.resolve(d)).isDirectory();
        }
    }

    /** Each phase entered and left (completed) at least once, in phase order. */
    public static void assertEveryPhaseEnteredAndLeft(Path runDir) {
        List<ObjectNode> events = JsonlLedger.read(runDir.resolve("events.jsonl")).records();
        for (Phase p : Phase.values()) {
            assertThat(events).as("phase_entered " + p.id())
                    .anyMatch(e -> e.path("event").asText().equals("phase_entered") && e.path("phase").asText().equals(p.id()));
            assertThat(events).as("phase_left completed " + p.id())
                    .anyMatch(e -> e.path("event").asText().equals("phase_left") && e.path("phase").asText().equals(p.id())
                            && e.path("outcome").asText().equals("completed"));
        }
    }

    /** How many times each checkpointed command ran, by key. */
    public static Map<String, Integer> commandCountsByKey(Path runDir) {
        Map<String, Integer> counts = new HashMap<>();
        for (ObjectNode line : JsonlLedger.read(runDir.resolve("command_ledger.jsonl")).records()) {
            if (line.hasNonNull("key")) {
                counts.merge(line.get("key").asText(), 1, Integer::sum);
            }
        }
        return counts;
    }

    /** The first run directory under a runs root (a directory with state/plan.json), or null while there is none. */
    public static Path findRun(Path runsRoot) {
        if (!Files.isDirectory(runsRoot)) {
            return null;
        }
        try (java.util.stream.Stream<Path> s = Files.walk(runsRoot, 3)) {
            return s.filter(p -> Files.exists(p.resolve("state/plan.json"))).findFirst().orElse(null);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    public static String read(Path p) {
        try {
            return Files.readString(p);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
