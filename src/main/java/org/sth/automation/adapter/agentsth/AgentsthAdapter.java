package org.sth.automation.adapter.agentsth;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.sth.automation.adapter.spi.AdapterSpec;
import org.sth.automation.adapter.spi.BenchmarkAdapter;
import org.sth.automation.adapter.spi.StepContext;
import org.sth.automation.adapter.spi.StepResult;
import org.sth.automation.bundle.Bootstraps;
import org.sth.automation.bundle.Capture;
import org.sth.automation.bundle.Packaging;
import org.sth.automation.config.AutomationConfig;
import org.sth.automation.config.TableBinder;
import org.sth.automation.host.topology.CpuTopology;
import org.sth.automation.host.topology.TopologyParser;
import org.sth.automation.host.topology.TopologySources;
import org.sth.automation.io.Json;
import org.sth.automation.run.status.Outcome;
import org.sth.automation.run.status.Phase;
import org.sth.automation.transport.CommandResult;
import org.sth.automation.transport.RemoteCommand;
import org.sth.automation.transport.TransferResult;
import org.sth.automation.transport.TransportException;

/**
 * The {@code agentsth} benchmark. Packaging is bundle-first like every adapter's (a configured {@code agentsth} bundle,
 * then one the cache captured after an earlier source build on a host of the same arch), else the source build: the
 * engine packs {@code [paths] agentsth_repo}, uploads it and runs {@code [agentsth] build_command} in it on the host,
 * then captures the built tree into the bundle cache. Execute plans the run families from the policy and the host's
 * cached topology ({@link FamilyPlanner}) and runs each as its own checkpointed command, every agent pinned and its
 * affinity read back on the host; collect downloads every agent's result files.
 */
public final class AgentsthAdapter implements BenchmarkAdapter {

    public static final String NAME = "agentsth";

    /** The capability an agentsth bundle declares (and the captured bundles carry). */
    public static final String CAPABILITY = "agentsth";

    static final AdapterSpec SPEC = new AdapterSpec(NAME, NAME, NAME, List.of("sh", "tar"), List.of(),
            Duration.ofHours(2), AgentsthPolicy.DEFAULT_RESULTS,
            new Packaging(NAME, List.of(CAPABILITY), List.of(), AgentsthPolicy.DEFAULT_BUILD, List.of("make"), Map.of("cargo", Bootstraps.RUSTUP),
                    true, new Capture(AgentsthPolicy.DEFAULT_BUNDLE_PATHS, AgentsthPolicy.DEFAULT_RUN)))
            .withRequiredAnyOf(List.of(List.of("taskset", "numactl")));

    @Override
    public AdapterSpec spec() {
        return SPEC;
    }

    @Override
    public AdapterSpec spec(AutomationConfig config) {
        AgentsthPolicy policy = AgentsthPolicy.of(config);
        return SPEC.withPackaging(SPEC.packaging().withSourceBuild(policy.buildCommand(), policy.buildTools())
                .withCapture(new Capture(policy.bundlePaths(), policy.runCommand())));
    }

    @Override
    public List<TableBinder<?>> configTables() {
        return List.of(AgentsthPolicy.BINDER);
    }

    @Override
    public Optional<ObjectNode> plan(AutomationConfig config, CpuTopology topology, String topologyBasis) {
        FamilyPlan plan = FamilyPlanner.plan(AgentsthPolicy.of(config), topology, false, topologyBasis);
        ObjectNode json = plan.toJson();
        plan.lines().forEach(json.putArray("lines")::add);
        return Optional.of(json);
    }

    @Override
    public StepResult execute(StepContext ctx) {
        AgentsthPolicy policy = AgentsthPolicy.of(ctx.config());
        FamilyPlan plan = FamilyPlanner.plan(policy, topology(ctx), false, "discover captured no CPU topology for this run");
        ObjectNode d = Json.object();
        d.set("plan", plan.toJson());
        if (plan.official().isEmpty()) {
            String why = plan.skipped().stream().filter(s -> s.id().equals("official-all")).map(FamilyPlan.Skipped::reason).findFirst()
                    .orElse(plan.pending().isEmpty() ? "not planned" : plan.pending().get(0).reason());
            return StepResult.failed("the official family cannot run: " + why, d);
        }
        ArrayNode results = d.putArray("families");
        List<String> failedSupplemental = new ArrayList<>();
        Outcome officialOutcome = Outcome.COMPLETED;
        String officialReason = null;
        for (RunFamily family : plan.families()) {
            AgentsthPolicy.Profile profile = policy.profiles().get(family.profile());
            Duration ceiling = ctx.ceiling();
            if (profile != null && profile.maxExecutionSecs() < ceiling.toSeconds()) {
                ceiling = Duration.ofSeconds(profile.maxExecutionSecs());
            }
            StringBuilder line = new StringBuilder(policy.runCommand());
            (profile == null ? List.<String>of() : profile.args()).forEach(a -> line.append(' ').append(FamilyScript.sq(a)));
            String script = FamilyScript.script(family, ctx.remoteBundleDir(), ctx.remoteOutDir() + "/" + family.id(), line.toString());
            CommandResult r = ctx.session().execOnce(NAME + "/execute/" + family.id(), new RemoteCommand(script, null, ceiling, NAME + "/execute"));
            FamilyScript.Report report = FamilyScript.read(family, r);
            ObjectNode f = results.addObject();
            f.put("id", family.id());
            f.put("classification", family.classification());
            f.put("ceiling_secs", ceiling.toSeconds());
            f.put("command_outcome", r.outcome().id());
            f.put("exit_code", r.exitCode());
            f.put("pin_tool", report.pinTool());
            f.set("agents", report.toJson());
            // the SPI's affinity convention (planned and read back, per pinned process), which the disclosure publishes
            for (JsonNode a : f.path("agents")) {
                ObjectNode x = d.withArray("affinity").addObject().put("label", family.id() + "/agent-" + a.path("index").asInt())
                        .put("planned", a.path("planned_cpus").asText());
                ArrayNode back = x.putArray("read_back").add(a.path("start_affinity").asText(null));
                a.path("running_affinities").forEach(back::add);
                x.put("ok", a.path("affinity_ok").asBoolean());
            }
            Outcome outcome;
            String reason = null;
            if (r.terminated()) {
                outcome = Outcome.TERMINATED;
                reason = "ceiling of " + ceiling.toSeconds() + " s reached; process group terminated";
            } else if (report.mismatch() != null) {
                outcome = Outcome.FAILED;
                reason = "affinity mismatch: " + report.mismatch();
            } else if (!r.ok()) {
                outcome = Outcome.FAILED;
                String err = r.stderrText().strip();
                reason = "exit " + r.exitCode() + ": " + err.substring(Math.max(0, err.length() - 400));
            } else {
                outcome = Outcome.COMPLETED;
            }
            f.put("outcome", outcome.id());
            f.put("reason", reason);
            if (family.official()) {
                officialOutcome = outcome;
                officialReason = reason;
            } else if (outcome != Outcome.COMPLETED) {
                failedSupplemental.add(family.id() + " (" + reason + ")");
            }
        }
        if (!failedSupplemental.isEmpty()) {
            ctx.warning("agentsth_families", "agentsth supplemental families failed: " + String.join("; ", failedSupplemental), null);
        }
        if (officialOutcome == Outcome.TERMINATED) {
            d.put("reason", "official family: " + officialReason);
            return new StepResult(Outcome.TERMINATED, d);
        }
        if (officialOutcome != Outcome.COMPLETED) {
            return StepResult.failed("agentsth official family " + plan.official().get().id() + " failed: " + officialReason, d);
        }
        return StepResult.completed(d);
    }

    /** The cached topology; without one (a run discovered before the cache existed), the inventory's online list. */
    private static CpuTopology topology(StepContext ctx) {
        Optional<CpuTopology> cached = ctx.topology().filter(t -> !t.isEmpty());
        if (cached.isPresent()) {
            return cached.get();
        }
        String online = ctx.inventory().path("online_cpu_list").asText("");
        return online.isBlank() ? null
                : TopologyParser.parse(new TopologySources(null, null, "/sys/devices/system/cpu/online:" + online, null));
    }

    @Override
    public StepResult collect(StepContext ctx) {
        Path dir = ctx.resultsDir();
        ObjectNode d = Json.object();
        ArrayNode files = d.putArray("files");
        ObjectNode execute = ctx.stepDetails(Phase.EXECUTE).orElse(Json.object());
        List<String> resultFiles = AgentsthPolicy.of(ctx.config()).resultFiles();
        ObjectNode report = Json.object();
        report.put("schema_version", FamilyPlan.SCHEMA_VERSION);
        report.set("plan", execute.path("plan").deepCopy());
        report.set("families", execute.path("families").deepCopy());
        for (JsonNode f : execute.path("families")) {
            if (!Outcome.COMPLETED.id().equals(f.path("outcome").asText())) {
                continue;
            }
            String id = f.path("id").asText();
            for (JsonNode agent : f.path("agents")) {
                String rel = id + "/agent-" + agent.path("index").asInt();
                for (String name : resultFiles) {
                    TransferResult t;
                    try {
                        t = ctx.session().download(ctx.remoteOutDir() + "/" + rel + "/" + name, dir.resolve(rel).resolve(name));
                    } catch (TransportException e) {
                        return StepResult.failed("result file " + rel + "/" + name + " could not be downloaded: " + e.getMessage(), d);
                    }
                    if (t.bytes() == 0) {
                        return StepResult.failed("result file " + rel + "/" + name + " is empty: an empty result is a failure, never a result", d);
                    }
                    files.addObject().put("family", id).put("path", rel + "/" + name).put("bytes", t.bytes()).put("sha256", t.sha256());
                }
            }
        }
        Json.writeAtomically(dir.resolve("families.json"), report);
        for (JsonNode f : execute.path("plan").path("families")) {
            if (f.path("official").asBoolean(false)) {
                Json.writeAtomically(dir.resolve("run_family.json"), f);
                d.set("run_family", f.deepCopy());
            }
        }
        d.put("families", "families.json");
        return StepResult.completed(d);
    }
}
