package org.sth.automation.adapter.agentsth;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.sth.automation.adapter.spi.AdapterSpec;
import org.sth.automation.adapter.spi.BenchmarkAdapter;
import org.sth.automation.adapter.spi.StepContext;
import org.sth.automation.adapter.spi.StepResult;
import org.sth.automation.bundle.Bootstraps;
import org.sth.automation.bundle.Packaging;
import org.sth.automation.config.AutomationConfig;
import org.sth.automation.config.TableBinder;
import org.sth.automation.host.topology.CpuSet;
import org.sth.automation.io.Json;
import org.sth.automation.run.status.Phase;
import org.sth.automation.transport.CommandResult;
import org.sth.automation.transport.RemoteCommand;
import org.sth.automation.transport.TransferResult;
import org.sth.automation.transport.TransportException;

/**
 * The {@code agentsth} benchmark. Packaging is bundle-first like every adapter's (an {@code agentsth} bundle from the
 * config or the cache), else the source build: the engine packs {@code [paths] agentsth_repo} into a deterministic
 * tarball (no macOS sidecars, no pax headers, no {@code .git}), uploads it and runs {@code [agentsth] build_command} in
 * it on the host. Execute runs the mainstream official family (all online CPUs, the configured official profile)
 * pinned with {@code taskset}.
 */
public final class AgentsthAdapter implements BenchmarkAdapter {

    public static final String NAME = "agentsth";

    static final AdapterSpec SPEC = new AdapterSpec(NAME, NAME, NAME, List.of("sh", "tar", "taskset"), List.of(),
            Duration.ofHours(2), AgentsthPolicy.DEFAULT_RESULTS,
            new Packaging(NAME, List.of(), List.of(), AgentsthPolicy.DEFAULT_BUILD, List.of("make"), Map.of("cargo", Bootstraps.RUSTUP), true));

    @Override
    public AdapterSpec spec() {
        return SPEC;
    }

    @Override
    public AdapterSpec spec(AutomationConfig config) {
        AgentsthPolicy policy = AgentsthPolicy.of(config);
        return SPEC.withPackaging(SPEC.packaging().withSourceBuildCommand(policy.buildCommand()));
    }

    @Override
    public List<TableBinder<?>> configTables() {
        return List.of(AgentsthPolicy.BINDER);
    }

    @Override
    public StepResult execute(StepContext ctx) {
        AgentsthPolicy policy = AgentsthPolicy.of(ctx.config());
        String online = ctx.inventory().path("online_cpu_list").asText("");
        if (online.isBlank()) {
            return StepResult.failed("the host's online CPU list is unknown (discover could not read /sys/devices/system/cpu/online)", null);
        }
        if (policy.officialProfile() == null || !policy.profiles().containsKey(policy.officialProfile())) {
            return StepResult.failed("no official profile: set [agentsth] official_profile and its [agentsth.profiles.NAME] table", null);
        }
        AgentsthPolicy.Profile profile = policy.profiles().get(policy.officialProfile());
        RunFamily family = RunFamilies.mainstreamOfficial(CpuSet.parse(online), profile.name());
        Duration ceiling = Duration.ofSeconds(Math.min(profile.maxExecutionSecs(), ctx.ceiling().toSeconds()));
        String out = ctx.remoteOutDir();
        StringBuilder args = new StringBuilder();
        profile.args().forEach(a -> args.append(" '").append(a.replace("'", "'\\''")).append('\''));
        String run = "cd '" + ctx.remoteBundleDir() + "' && mkdir -p '" + out + "' && OUT='" + out + "' && export OUT && "
                + family.tasksetPrefixShell() + " " + policy.runCommand() + args;
        CommandResult r = ctx.session().execOnce(NAME + "/execute/" + family.id(), new RemoteCommand(run, null, ceiling, NAME + "/execute"));
        ObjectNode d = Json.object();
        d.set("run_family", family.toJson());
        d.put("command_outcome", r.outcome());
        d.put("exit_code", r.exitCode());
        d.put("remote_out", out);
        if (r.terminated()) {
            return StepResult.terminated(ceiling, d);
        }
        if (!r.ok()) {
            String err = r.stderrText().strip();
            return StepResult.failed("agentsth run family " + family.id() + " failed (exit " + r.exitCode() + "): "
                    + err.substring(Math.max(0, err.length() - 400)), d);
        }
        return StepResult.completed(d);
    }

    @Override
    public StepResult collect(StepContext ctx) {
        Path dir = ctx.resultsDir();
        ObjectNode d = Json.object();
        ArrayNode files = d.putArray("files");
        for (String f : AgentsthPolicy.of(ctx.config()).resultFiles()) {
            TransferResult t;
            try {
                t = ctx.session().download(ctx.remoteOutDir() + "/" + f, dir.resolve(f));
            } catch (TransportException e) {
                return StepResult.failed("result file " + f + " could not be downloaded: " + e.getMessage(), d);
            }
            if (t.bytes() == 0) {
                return StepResult.failed("result file " + f + " is empty: an empty result is a failure, never a result", d);
            }
            files.addObject().put("path", f).put("bytes", t.bytes()).put("sha256", t.sha256());
        }
        ctx.stepDetails(Phase.EXECUTE).ifPresent(m -> d.set("run_family", m.path("run_family")));
        Json.writeAtomically(dir.resolve("run_family.json"), d.path("run_family").isMissingNode() ? Json.object() : d.path("run_family"));
        return StepResult.completed(d);
    }
}
