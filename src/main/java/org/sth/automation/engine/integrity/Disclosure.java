package org.sth.automation.engine.integrity;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.sth.automation.adapter.spi.AdapterSpec;
import org.sth.automation.engine.RunContext;
import org.sth.automation.io.BuildInfo;
import org.sth.automation.io.Json;
import org.sth.automation.io.Sha256;
import org.sth.automation.run.JsonlLedger;
import org.sth.automation.run.RunLayout;
import org.sth.automation.run.StepManifests;
import org.sth.automation.run.status.Phase;

/**
 * {@code disclosure.json}: everything that shaped one benchmark's result, written into its results before they are
 * published (so the published commit carries it): the engine's version and commit, the config's and the bundle's
 * digests, the exact commands, planned and read-back CPU affinity, the host inventory's digest, kernel, governor and
 * boost, the ceilings, the quiet-host verdict and the repetition statistics, and the flags that keep a result that is
 * not clean from passing for one. Built from the run directory alone, so writing it again gives the same bytes.
 */
public final class Disclosure {

    public static final String FILE = "disclosure.json";
    private static final List<String> BUNDLE_KEYS = List.of("basis", "bundle_name", "bundle_version", "sha256", "entry_command",
            "source_tarball_sha256", "source_build_command", "built_bundle", "bundle");

    private Disclosure() {
    }

    /** Writes the benchmark's disclosure into its results and returns it. */
    public static ObjectNode write(RunContext ctx, AdapterSpec spec) {
        ObjectNode d = build(ctx, spec);
        Json.writeAtomically(ctx.layout().benchmarkDir(spec.name()).resolve(FILE), d);
        return d;
    }

    /** Why the quiet-host policy keeps this result from being published, if it does. */
    public static Optional<String> refusal(JsonNode disclosure) {
        JsonNode q = disclosure.path("quiet_host");
        return "refused".equals(q.path("publish").asText()) ? Optional.of("not published: the host was noisy around the step (quiet_policy "
                + "refuse): " + String.join("; ", texts(q.path("reasons")))) : Optional.empty();
    }

    static ObjectNode build(RunContext ctx, AdapterSpec spec) {
        RunLayout layout = ctx.layout();
        String name = spec.name();
        Path results = layout.benchmarkDir(name);
        ObjectNode execute = StepManifests.read(layout, name, Phase.EXECUTE).orElse(Json.object());
        JsonNode details = execute.path("details");
        ObjectNode d = Json.object();
        d.put("schema_version", 1);
        d.put("benchmark", name);
        d.put("host", ctx.plan().host());
        d.put("run_id", ctx.plan().runId());
        d.put("request_id", ctx.plan().requestId());
        d.put("run_created_at", ctx.plan().createdAt().toString());
        BuildInfo build = BuildInfo.current();
        d.putObject("engine").put("name", "sth-bench-automation").put("version", build.version()).put("commit", build.commit())
                .put("dirty", build.dirty());
        d.put("config_sha256", ctx.config().source() != null && Files.isRegularFile(ctx.config().source()) ? Sha256.of(ctx.config().source()) : null);
        ObjectNode bundle = d.putObject("bundle");
        JsonNode stage = StepManifests.read(layout, name, Phase.STAGE).map(m -> m.path("details")).orElse(Json.object());
        BUNDLE_KEYS.forEach(k -> {
            if (stage.hasNonNull(k)) {
                bundle.set(k, stage.get(k));
            }
        });
        d.put("execute_outcome", execute.path("outcome").asText("missing"));
        d.set("commands", commands(layout, name));
        d.set("affinity", affinity(details, results, ctx.inventory()));
        d.set("host_state", host(layout, results));
        ObjectNode ceilings = d.putObject("ceilings");
        ceilings.put("step_ceiling_secs", spec.ceiling(ctx.config().execution()).toSeconds());
        ceilings.put("heartbeat_secs", spec.heartbeat(ctx.config().execution()).toMillis() / 1000.0);
        JsonNode quiet = details.path("quiet");
        ObjectNode q = quiet.isObject() ? ((ObjectNode) quiet).deepCopy() : Json.object().put("verdict", "not_sampled");
        if (Files.exists(results.resolve(QuietSampler.FILE))) {
            q.put("samples_sha256", Sha256.of(results.resolve(QuietSampler.FILE)));
        }
        d.set("quiet_host", q);
        JsonNode rep = details.path("repetition");
        d.set("repetition", rep.isObject() ? rep.deepCopy() : Json.object().put("repeat", "1").put("runs", 1).put("verdict", "single_run")
                .put("flagged", false));
        ArrayNode flags = d.putArray("flags");
        String verdict = q.path("verdict").asText();
        if (!"quiet".equals(verdict)) {
            flags.add("quiet_host_" + verdict);
        }
        if (d.path("repetition").path("flagged").asBoolean(false)) {
            flags.add("repetition_" + d.path("repetition").path("verdict").asText());
        }
        if (!"false".equals(build.dirty())) {
            flags.add("engine_" + ("true".equals(build.dirty()) ? "modified" : "commit_unknown"));
        }
        d.put("clean", flags.isEmpty());
        return d;
    }

    /** The exact commands of the benchmark's execute step (every run of a repeated one), as the command ledger holds them. */
    private static ArrayNode commands(RunLayout layout, String name) {
        ArrayNode out = Json.array();
        for (ObjectNode line : JsonlLedger.read(layout.commandLedger()).records()) {
            if ((name + "/execute").equals(line.path("step").asText())) {
                ObjectNode c = out.addObject();
                for (String k : List.of("key", "command", "exit_code", "outcome", "started_at", "ended_at", "timeout_secs")) {
                    c.set(k, line.get(k));
                }
            }
        }
        return out;
    }

    /**
     * Planned affinity: what the adapter pinned (its execute details' {@code affinity}: label, planned, read_back, ok), else
     * none; read back: what the kernel gave the run's busy processes while the quiet-host samples watched them.
     */
    private static ObjectNode affinity(JsonNode details, Path results, JsonNode inventory) {
        ObjectNode a = Json.object();
        if (details.path("affinity").isArray()) {
            a.set("pinned", details.path("affinity").deepCopy());
        } else {
            a.put("planned", "not pinned: the benchmark may run on every online CPU (" + inventory.path("online_cpu_list").asText("unknown") + ")");
        }
        Set<String> seen = new TreeSet<>();
        for (JsonNode s : samples(results)) {
            s.path("run_processes").forEach(p -> {
                if (p.hasNonNull("affinity")) {
                    seen.add(p.path("name").asText() + ": " + p.path("affinity").asText());
                }
            });
        }
        seen.forEach(a.putArray("read_back_during_step")::add);
        return a;
    }

    /** Kernel and OS from the inventory (with its digest), governors, boost, frequency and thermal state from the samples. */
    private static ObjectNode host(RunLayout layout, Path results) {
        ObjectNode h = Json.object();
        JsonNode inv = Files.exists(layout.hostInventory()) ? Json.read(layout.hostInventory()) : Json.object();
        h.put("inventory_sha256", Files.exists(layout.hostInventory()) ? Sha256.of(layout.hostInventory()) : null);
        h.put("cpu_topology_sha256", Files.exists(layout.cpuTopology()) ? Sha256.of(layout.cpuTopology()) : null);
        h.put("kernel", inv.path("os").path("kernel").asText(null));
        h.put("os", inv.path("os").path("pretty_name").asText(null));
        h.put("arch", inv.path("arch").asText(inv.path("arch_raw").asText(null)));
        h.put("online_cpu_list", inv.path("online_cpu_list").asText(null));
        List<JsonNode> samples = samples(results);
        JsonNode first = samples.stream().filter(s -> "before".equals(s.path("moment").asText())).reduce((x, y) -> y)
                .orElse(samples.isEmpty() ? Json.object() : samples.get(0));
        JsonNode unknown = first.path("unknown");
        h.set("governors", first.path("governors").isObject() && !first.path("governors").isEmpty() ? first.path("governors").deepCopy()
                : Json.object().put("unknown", unknown.path("frequency").asText("not sampled")));
        if (first.path("boost").isBoolean()) {
            h.put("boost", first.path("boost").asBoolean() ? "on" : "off");
        } else {
            h.put("boost", "unknown: " + unknown.path("boost").asText("not sampled"));
        }
        h.set("frequency", first.path("frequency").deepCopy());
        h.set("thermal", first.path("thermal").deepCopy());
        return h;
    }

    private static List<JsonNode> samples(Path results) {
        Path f = results.resolve(QuietSampler.FILE);
        return Files.exists(f) ? List.copyOf(JsonlLedger.read(f).records()) : List.of();
    }

    private static List<String> texts(JsonNode array) {
        List<String> out = new java.util.ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }
}
