package org.sth.automation.run;

import org.sth.automation.io.DocumentSchema;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.sth.automation.host.HostDiscovery;
import org.sth.automation.host.topology.CpuTopology;
import org.sth.automation.host.topology.TopologyParser;
import org.sth.automation.host.topology.TopologyProbe;
import org.sth.automation.host.topology.TopologySources;
import org.sth.automation.io.CorruptFileException;
import org.sth.automation.io.Json;
import org.sth.automation.run.status.Outcome;
import org.sth.automation.run.status.Phase;

/**
 * Restores what a run directory made by an older version, or by the original tool, lacks, from what it still holds:
 * the plan from status.json, run_manifest.json and the directory names; status.json from the events through the one
 * {@link org.sth.automation.run.status.StatusMachine}; step manifests from their {@code step_finished} events; the host
 * inventory from the discover step and its saved probe output; the artifact manifest from the files; the publish ledger
 * from the publish steps. What cannot be restored is said, never faked (see docs/run-directory.md).
 */
final class Backfill {

    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'");

    /** The status to continue with, what was restored (file → source) and what could not be (file → why). */
    record Result(ObjectNode status, ObjectNode restored, ObjectNode notRestored) {

        boolean changed() {
            return !restored.isEmpty() || !notRestored.isEmpty();
        }
    }

    private final RunLayout layout;
    private final ObjectNode restored = Json.object();
    private final ObjectNode notRestored = Json.object();

    private Backfill(RunLayout layout) {
        this.layout = layout;
    }

    /**
     * Whether {@code dir} holds a run of this tool or of the original one: a plan, a status, or a run manifest with events.
     * A directory being created has none of these until its plan is written (a manifest alone, with no event yet, is one).
     */
    static boolean isRunDirectory(RunLayout layout) {
        return Files.exists(layout.plan()) || Files.exists(layout.status())
                || Files.exists(layout.runManifest()) && !JsonlLedger.read(layout.events()).records().isEmpty();
    }

    static Result restore(RunLayout layout) {
        return new Backfill(layout).run();
    }

    private Result run() {
        boolean hadPlan = Files.exists(layout.plan());
        ObjectNode statusFile = readOrNull(layout.status());
        if (Files.exists(layout.status()) && statusFile == null) {
            restored.put("status.json", "unreadable: rebuilt from events.jsonl through the status machine");
        }
        ObjectNode manifest = readOrNull(layout.runManifest());
        if (!Files.exists(layout.plan())) {
            Json.writeAtomically(layout.plan(), planFromWhatIsThere(statusFile, manifest));
        }
        RunPlan plan = RunPlan.fromJson(Json.readObject(layout.plan()));
        List<ObjectNode> events = JsonlLedger.read(layout.events()).records();
        if (!Files.exists(layout.events())) {
            touch(layout.events());
            notRestored.put("events.jsonl", "absent: the run's event history is lost; status.json is kept as it was written");
        }

        ObjectNode status;
        if (statusFile != null && hadPlan && RunDirectoryFiles.behindEvents(statusFile, layout)) {
            // a kill between an event's append and the status rewrite: the events are the truth (no backfill, a crash)
            status = StatusRebuilder.rebuild(layout);
        } else if (statusFile == null) {
            status = StatusRebuilder.rebuild(layout);
            if (!restored.has("status.json")) {
                restored.put("status.json", "missing: rebuilt from events.jsonl through the status machine");
            }
        } else {
            status = statusFile;
        }
        olderStatusFields(status, plan);
        if (!status.has("monitoring") || !status.has("alerts")) {
            restored.put("status.json monitoring, alerts", "the status itself (derived as on every write, now persisted)");
        }

        stepManifests(plan, events);
        inventory(plan, status);
        artifactManifest(plan, status);
        publishLedger(plan);
        ledger(layout.commandLedger(), "argv, exit codes and times of the remote commands are lost");
        ledger(layout.transferLedger(), "the record of uploads and downloads is lost");
        if (!Files.exists(layout.runManifest())) {
            RunManifest.write(layout, plan);
            restored.put("run_manifest.json", "the plan and the files of the run directory");
        } else if (manifest == null || !manifest.has("$schema")) {
            // an index of an older shape (no step manifests, no schemas): written again from what the directory holds
            RunManifest.write(layout, plan);
            restored.put("run_manifest.json", "rewritten in this version's shape from the plan and the files of the run directory");
        }
        return new Result(status, restored, notRestored);
    }

    /** Fields a status written by an older version may lack, from the plan; the directory may have moved. */
    private void olderStatusFields(ObjectNode status, RunPlan plan) {
        status.put("run_dir", layout.dir().toString());
        if (!status.has("$schema")) {
            status.put("$schema", DocumentSchema.STATUS.id());
        }
        if (!status.has("request_id")) {
            status.put("request_id", plan.requestId());
        }
        if (!status.hasNonNull("run_id")) {
            status.put("run_id", plan.runId());
        }
        if (!status.hasNonNull("host")) {
            status.put("host", plan.host());
        }
        if (!status.has("benchmarks")) {
            plan.benchmarks().forEach(status.putArray("benchmarks")::add);
        }
        if (!status.has("config")) {
            status.put("config", plan.configPath());
        }
        if (!status.has("steps")) {
            status.putObject("steps");
        }
        if (!status.has("phases")) {
            status.putObject("phases");
        }
    }

    /**
     * {@code state/plan.json} of a directory of the original tool's shape: the run id, host, benchmarks and creation time
     * from status.json, run_manifest.json and the directory names ({@code <runs_root>/<date>/<host>/<stamp>}); the
     * request id, config and work root are nowhere in such a directory and stay unknown.
     */
    private ObjectNode planFromWhatIsThere(ObjectNode status, ObjectNode manifest) {
        Set<String> from = new LinkedHashSet<>();
        String stamp = layout.dir().getFileName().toString();
        String hostDir = layout.dir().getParent() == null ? null : layout.dir().getParent().getFileName().toString();
        String host = first(from, text(status, "host", "status.json"), text(manifest, "host", "run_manifest.json"),
                hostDir == null ? null : new String[] {hostDir, "directory name <host>"});
        String runId = first(from, text(status, "run_id", "status.json"), text(manifest, "run_id", "run_manifest.json"),
                host == null ? null : new String[] {host + "-" + stamp, "directory names <host>-<stamp>"});
        List<String> benchmarks = strings(status, "benchmarks");
        if (!benchmarks.isEmpty()) {
            from.add("status.json");
        } else if (!(benchmarks = strings(manifest, "benchmarks")).isEmpty()) {
            from.add("run_manifest.json");
        } else {
            benchmarks = benchmarkDirectories();
            from.add("benchmarks/ and state/steps/ directory names");
        }
        String created = first(from, text(status, "created_at", "status.json"), text(manifest, "created_at", "run_manifest.json"),
                stampInstant(stamp));
        if (host == null || created == null) {
            throw new CorruptFileException(layout.dir(), "not a run directory this tool can restore: no host and creation time in "
                    + "status.json, run_manifest.json or the directory names <host>/<YYYYMMDDTHHMMSSZ>");
        }
        ObjectNode p = Json.object();
        DocumentSchema.PLAN.stamp(p);
        p.put("run_id", runId);
        p.putNull("request_id");
        p.put("host", host);
        benchmarks.forEach(p.putArray("benchmarks")::add);
        String config = text(status, "config", "status.json") == null ? null : status.path("config").asText();
        if (config != null && !config.isBlank()) {
            p.put("config", config);
        }
        p.put("created_at", Instant.parse(created).toString());
        ObjectNode r = p.putObject("restored");
        from.forEach(r.putArray("from")::add);
        ArrayNode missing = r.putArray("missing");
        missing.add("request_id");
        if (!p.has("config")) {
            missing.add("config");
        }
        missing.add("work_root");
        restored.put("state/plan.json", String.join(", ", from));
        notRestored.put("state/plan.json " + join(missing),
                "a directory of the original tool's shape does not record them"
                        + (p.has("config") ? "" : "; resume asks for --config"));
        return p;
    }

    private static String join(ArrayNode a) {
        StringBuilder sb = new StringBuilder();
        a.forEach(x -> sb.append(sb.isEmpty() ? "" : ", ").append(x.asText()));
        return sb.toString();
    }

    /** Rewrites the step manifests that are missing from the {@code step_finished} events, which carry the details. */
    private void stepManifests(RunPlan plan, List<ObjectNode> events) {
        Map<String, ObjectNode> last = new LinkedHashMap<>();
        Map<String, String> started = new LinkedHashMap<>();
        Map<String, Integer> attempts = new LinkedHashMap<>();
        for (ObjectNode e : events) {
            String key = e.path("adapter").asText() + "/" + e.path("phase").asText();
            switch (e.path("event").asText()) {
                case "step_started" -> {
                    started.put(key, e.path("ts").asText());
                    attempts.merge(key, 1, Integer::sum);
                }
                case "step_finished" -> last.put(key, e);
                default -> { }
            }
        }
        int n = 0;
        for (Map.Entry<String, ObjectNode> f : last.entrySet()) {
            ObjectNode e = f.getValue();
            Path file = layout.stepManifest(e.path("adapter").asText(), Phase.of(e.path("phase").asText()));
            if (Files.exists(file)) {
                continue;
            }
            ObjectNode m = Json.object();
            DocumentSchema.STEP_MANIFEST.stamp(m);
            m.put("run_id", plan.runId());
            m.put("adapter", e.path("adapter").asText());
            m.put("phase", e.path("phase").asText());
            m.put("outcome", e.path("outcome").asText());
            m.put("attempt", attempts.getOrDefault(f.getKey(), 1));
            m.put("started_at", started.getOrDefault(f.getKey(), e.path("ts").asText()));
            m.put("ended_at", e.path("ts").asText());
            m.set("details", e.path("details").isObject() ? e.path("details").deepCopy() : Json.object());
            m.put("restored_from", "events.jsonl");
            Json.writeAtomically(file, m);
            n++;
        }
        if (n > 0) {
            restored.put("state/steps/", "the step_finished events (events.jsonl): " + n + " step manifest(s)");
        }
    }

    /**
     * The host inventory when it is missing or says {@code not_probed_yet} although discover completed: from the discover
     * probe's saved output (the same parser discover uses), else from what the discover step recorded.
     */
    private void inventory(RunPlan plan, ObjectNode status) {
        ObjectNode current = readOrNull(layout.hostInventory());
        if (current != null && !"not_probed_yet".equals(current.path("state").asText())) {
            return;
        }
        ObjectNode discover = StepManifests.read(layout, "host", Phase.DISCOVER).orElse(null);
        boolean discovered = discover != null && Outcome.COMPLETED.id().equals(discover.path("outcome").asText())
                || Outcome.COMPLETED.id().equals(status.path("steps").path("host").path("discover").asText());
        Path probe = layout.savedOutput("discover/probe", "stdout");
        ObjectNode inv;
        if (discovered && Files.isRegularFile(probe)) {
            Path topo = layout.savedOutput("discover/topology", "stdout");
            Instant probedAt = discover == null ? plan.createdAt() : Instant.parse(discover.path("ended_at").asText());
            CpuTopology topology = topology(topo);
            ObjectNode summary = topology.summaryJson();
            if (!Files.exists(layout.cpuTopology()) && Files.isRegularFile(topo)) {
                ObjectNode cache = topology.toJson();
                cache.put("host", plan.host());
                cache.put("probed_at", probedAt.toString());
                cache.put("probe_key", "discover/topology");
                Json.writeAtomically(layout.cpuTopology(), cache);
                restored.put(RunLayout.CPU_TOPOLOGY, "the discover topology probe's saved output (" + layout.relative(topo) + ")");
            }
            if (Files.exists(layout.cpuTopology())) {
                summary.put("cache", RunLayout.CPU_TOPOLOGY);
            }
            inv = HostDiscovery.inventory(plan.host(), null, null, read(probe), summary, probedAt, RunLayout.SCHEMA_VERSION);
            ArrayNode from = inv.putArray("restored_from");
            from.add(layout.relative(probe));
            if (Files.isRegularFile(topo)) {
                from.add(layout.relative(topo));
            }
            inv.putArray("not_restored").add("hostname").add("hop_chain");
            restored.put("host_inventory_snapshot.json", "the discover probe's saved output (" + layout.relative(probe) + ")");
            notRestored.put("host_inventory_snapshot.json hostname, hop_chain", "only the lost file and the command ledger held them");
        } else if (discovered && discover != null) {
            JsonNode d = discover.path("details");
            if (d.path("inventory").isObject()) {
                inv = ((ObjectNode) d.path("inventory")).deepCopy();
                inv.put("state", "probed");
                inv.putArray("restored_from").add("state/steps/host/discover.json");
            } else {
                inv = Json.object();
                inv.put("schema_version", RunLayout.SCHEMA_VERSION);
                inv.put("host", plan.host());
                inv.put("state", "probed_partial");
                inv.put("probed_at", discover.path("ended_at").asText(null));
                for (String k : List.of("arch", "package_manager", "sudo")) {
                    inv.set(k, d.path(k).isMissingNode() ? Json.MAPPER.nullNode() : d.path(k).deepCopy());
                }
                inv.putArray("restored_from").add("state/steps/host/discover.json");
                ArrayNode missing = inv.putArray("not_restored");
                List.of("hostname", "hop_chain", "arch_raw", "os", "remote_user", "remote_uid", "online_cpus", "reported_hostname",
                        "cpu_topology").forEach(missing::add);
                notRestored.put("host_inventory_snapshot.json os, cpu_topology, remote_user, …",
                        "no saved discover probe output (logs/commands/discover_probe.stdout); only arch, package_manager and sudo "
                                + "survive in the discover step");
            }
            restored.put("host_inventory_snapshot.json", "state/steps/host/discover.json");
        } else {
            if (current == null) {
                inv = Json.object().put("schema_version", RunLayout.SCHEMA_VERSION).put("host", plan.host()).put("state", "not_probed_yet");
                if (discovered) {
                    notRestored.put("host_inventory_snapshot.json", "discover completed but neither its step manifest nor its saved "
                            + "probe output survives");
                }
            } else {
                return;
            }
        }
        Json.writeAtomically(layout.hostInventory(), inv);
    }

    /**
     * The topology the saved discover probe output describes: the sectioned output of today's probe, or the plain
     * {@code lscpu -p} table older versions saved under the same key.
     */
    private static CpuTopology topology(Path saved) {
        if (!Files.isRegularFile(saved)) {
            return TopologyParser.parse(TopologySources.lscpuTable(""));
        }
        String text = read(saved);
        return TopologyParser.parse(text.contains(TopologyProbe.MARK) ? TopologySources.fromProbeOutput(text) : TopologySources.lscpuTable(text));
    }

    /** The artifact manifest when it is missing, or empty although collect completed (it is rebuilt after each collect). */
    private void artifactManifest(RunPlan plan, ObjectNode status) {
        ObjectNode current = readOrNull(layout.artifactManifest());
        boolean collected = "completed".equals(status.path("phases").path(Phase.COLLECT.id()).path("state").asText());
        if (current != null && (!current.path("artifacts").isEmpty() || !collected)) {
            return;
        }
        ObjectNode m = ArtifactManifest.rebuild(layout, plan.runId());
        if (!m.path("artifacts").isEmpty()) {
            restored.put("artifact_manifest.json", "the files themselves: " + m.path("artifacts").size()
                    + " hashed under benchmarks/, preflight/ and state/steps/");
        }
    }

    /** The publish ledger when it is missing or empty: each publish step's details are its ledger entry. */
    private void publishLedger(RunPlan plan) {
        ObjectNode current = readOrNull(layout.publishLedger());
        if (current != null && !current.path("targets").isEmpty()) {
            return;
        }
        ObjectNode ledger = DocumentSchema.PUBLISH_LEDGER.stamp(Json.object()).put("run_id", plan.runId());
        ObjectNode targets = ledger.putObject("targets");
        Path steps = layout.dir().resolve("state/steps");
        for (String adapter : directories(steps)) {
            StepManifests.read(layout, adapter, Phase.PUBLISH).map(m -> m.path("details"))
                    .filter(d -> d.hasNonNull("state")).ifPresent(d -> targets.set(adapter, d.deepCopy()));
        }
        if (current != null && targets.isEmpty()) {
            return;
        }
        Json.writeAtomically(layout.publishLedger(), ledger);
        if (!targets.isEmpty()) {
            restored.put("publish_ledger.json", "the publish steps (state/steps/<benchmark>/publish.json): " + targets.size() + " target(s)");
        }
    }

    private void ledger(Path file, String lost) {
        if (Files.exists(file)) {
            return;
        }
        touch(file);
        long saved = 0;
        Path commands = layout.logsDir().resolve("commands");
        if (Files.isDirectory(commands)) {
            try (Stream<Path> s = Files.list(commands)) {
                saved = s.count();
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot list " + commands, e);
            }
        }
        notRestored.put(layout.relative(file), "absent, created empty: " + lost
                + (file.equals(layout.commandLedger()) && saved > 0 ? " (their saved output remains in logs/commands/, " + saved + " file(s))" : ""));
    }

    private List<String> benchmarkDirectories() {
        Set<String> names = new LinkedHashSet<>(directories(layout.dir().resolve("benchmarks")));
        for (String a : directories(layout.dir().resolve("state/steps"))) {
            if (!a.equals("host") && !a.equals("preflight")) {
                names.add(a);
            }
        }
        return List.copyOf(names);
    }

    private static List<String> directories(Path dir) {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(Files::isDirectory).map(p -> p.getFileName().toString()).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot list " + dir, e);
        }
    }

    private static String[] text(ObjectNode n, String field, String source) {
        return n != null && n.hasNonNull(field) && !n.path(field).asText().isBlank() ? new String[] {n.path(field).asText(), source} : null;
    }

    private static String[] stampInstant(String stamp) {
        try {
            return new String[] {LocalDateTime.parse(stamp.replaceAll("-\\d+$", ""), STAMP).toInstant(ZoneOffset.UTC).toString(),
                    "directory name <stamp>"};
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    private static String first(Set<String> from, String[]... candidates) {
        for (String[] c : candidates) {
            if (c != null) {
                from.add(c[1]);
                return c[0];
            }
        }
        return null;
    }

    private static List<String> strings(ObjectNode n, String field) {
        if (n == null || !n.path(field).isArray()) {
            return List.of();
        }
        return Json.MAPPER.convertValue(n.path(field), Json.MAPPER.getTypeFactory().constructCollectionType(List.class, String.class));
    }

    private static ObjectNode readOrNull(Path file) {
        if (!Files.exists(file)) {
            return null;
        }
        try {
            return Json.readObject(file);
        } catch (CorruptFileException e) {
            return null;
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + file, e);
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
