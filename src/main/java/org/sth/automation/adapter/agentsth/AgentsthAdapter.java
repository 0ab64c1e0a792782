package org.sth.automation.adapter.agentsth;

import org.sth.automation.host.topology.CpuSet;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.sth.automation.adapter.spi.AdapterSpec;
import org.sth.automation.adapter.spi.BenchmarkAdapter;
import org.sth.automation.bundle.BundleBuilder;
import org.sth.automation.config.AgentsthPolicy;
import org.sth.automation.engine.RunContext;
import org.sth.automation.adapter.spi.StepResult;
import org.sth.automation.engine.stage.BundleStager;
import org.sth.automation.io.Json;
import org.sth.automation.run.Phase;
import org.sth.automation.run.StepManifests;
import org.sth.automation.transport.CommandResult;
import org.sth.automation.transport.RemoteCommand;
import org.sth.automation.transport.TransferResult;

/**
 * The {@code agentsth} benchmark by its source-build path: the controller packs {@code [paths]
 * agentsth_repo} into a deterministic tarball (no macOS sidecars, no pax headers, no {@code .git}),
 * uploads it, and the host builds it; execute runs one run family (the mainstream official one: all
 * online CPUs, the configured official profile) pinned with {@code taskset}.
 */
public final class AgentsthAdapter implements BenchmarkAdapter {

    public static final String NAME = "agentsth";

    static final AdapterSpec SPEC = new AdapterSpec(NAME, NAME, NAME, List.of("sh", "tar", "make", "taskset"), List.of(),
            Duration.ofHours(2), AgentsthPolicy.DEFAULT_RESULTS);

    @Override
    public AdapterSpec spec() {
        return SPEC;
    }

    @Override
    public StepResult stage(RunContext ctx) {
        Path repo = ctx.config().paths().repos().get(SPEC.repoPathKey());
        if (repo == null || !Files.isDirectory(repo)) {
            return StepResult.failed("no agentsth source: set [paths] agentsth_repo to a checkout of the agentsth repository"
                    + (repo == null ? "" : " (" + repo + " is not a directory)"), null);
        }
        Path tarball = ctx.layout().dir().resolve("state/agentsth-source.tar.gz");
        String sha = BundleBuilder.build(repo, tarball, "agentsth-src");
        String scratch = ctx.remoteScratch() + "/" + NAME;
        CommandResult mk = ctx.session().execOnce(NAME + "/stage/scratch",
                RemoteCommand.of("mkdir -p -- '" + scratch + "' && chmod 700 '" + ctx.remoteScratch() + "'", Duration.ofMinutes(1), NAME + "/stage"));
        if (!mk.ok()) {
            return StepResult.failed("cannot create remote scratch " + scratch + ": " + mk.stderrText().strip(), null);
        }
        TransferResult up = ctx.session().upload(tarball, scratch + "/agentsth-source.tar.gz");
        String build = "cd '" + scratch + "' && rm -rf src && mkdir src && tar -xzf agentsth-source.tar.gz -C src && cd src/agentsth-src && "
                + ctx.config().agentsth().buildCommand();
        CommandResult b = ctx.session().execOnce(NAME + "/stage/build",
                new RemoteCommand(build, null, ctx.ceiling(NAME, SPEC.defaultCeiling()), NAME + "/stage"));
        ObjectNode d = Json.object();
        d.put("basis", "source_build");
        d.put("source", repo.toString());
        d.put("tarball_sha256", sha);
        d.put("tarball_excludes", "._* .DS_Store .git; no pax headers; fixed mtime/uid/gid");
        d.put("upload", up.outcome());
        d.put("build_command", ctx.config().agentsth().buildCommand());
        d.put("build_outcome", b.outcome());
        if ("terminated".equals(b.outcome())) {
            return StepResult.terminated(ctx.ceiling(NAME, SPEC.defaultCeiling()), d);
        }
        if (!b.ok()) {
            String err = (b.stderrText() + b.stdoutText()).strip();
            return StepResult.failed("build on the host failed (exit " + b.exitCode() + "): " + err.substring(Math.max(0, err.length() - 400)), d);
        }
        return StepResult.completed(d);
    }

    @Override
    public StepResult execute(RunContext ctx) {
        AgentsthPolicy policy = ctx.config().agentsth();
        String online = ctx.inventory().path("online_cpu_list").asText("");
        if (online.isBlank()) {
            return StepResult.failed("the host's online CPU list is unknown (discover could not read /sys/devices/system/cpu/online)", null);
        }
        if (policy.officialProfile() == null || !policy.profiles().containsKey(policy.officialProfile())) {
            return StepResult.failed("no official profile: set [agentsth] official_profile and its [agentsth.profiles.NAME] table", null);
        }
        AgentsthPolicy.Profile profile = policy.profiles().get(policy.officialProfile());
        RunFamily family = RunFamilies.mainstreamOfficial(CpuSet.parse(online), profile.name());
        Duration ceiling = Duration.ofSeconds(Math.min(profile.maxExecutionSecs(), ctx.ceiling(NAME, SPEC.defaultCeiling()).toSeconds()));
        String out = BundleStager.remoteOutDir(ctx, NAME);
        StringBuilder args = new StringBuilder();
        profile.args().forEach(a -> args.append(" '").append(a.replace("'", "'\\''")).append('\''));
        String run = "cd '" + ctx.remoteScratch() + "/" + NAME + "/src/agentsth-src' && mkdir -p '" + out + "' && OUT='" + out + "' && export OUT && "
                + family.tasksetPrefixShell() + " " + policy.runCommand() + args;
        CommandResult r = ctx.session().execOnce(NAME + "/execute/" + family.id(), new RemoteCommand(run, null, ceiling, NAME + "/execute"));
        ObjectNode d = Json.object();
        d.set("run_family", family.toJson());
        d.put("command_outcome", r.outcome());
        d.put("exit_code", r.exitCode());
        d.put("remote_out", out);
        if ("terminated".equals(r.outcome())) {
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
    public StepResult collect(RunContext ctx) {
        Path dir = ctx.layout().benchmarkDir(NAME);
        ObjectNode d = Json.object();
        ArrayNode files = d.putArray("files");
        for (String f : ctx.config().agentsth().resultFiles()) {
            TransferResult t;
            try {
                t = ctx.session().download(BundleStager.remoteOutDir(ctx, NAME) + "/" + f, dir.resolve(f));
            } catch (org.sth.automation.transport.TransportException e) {
                return StepResult.failed("result file " + f + " could not be downloaded: " + e.getMessage(), d);
            }
            if (t.bytes() == 0) {
                return StepResult.failed("result file " + f + " is empty: an empty result is a failure, never a result", d);
            }
            files.addObject().put("path", f).put("bytes", t.bytes()).put("sha256", t.sha256());
        }
        StepManifests.read(ctx.layout(), NAME, Phase.EXECUTE).ifPresent(m -> d.set("run_family", m.path("details").path("run_family")));
        Json.writeAtomically(dir.resolve("run_family.json"), d.path("run_family").isMissingNode() ? Json.object() : d.path("run_family"));
        return StepResult.completed(d);
    }
}
