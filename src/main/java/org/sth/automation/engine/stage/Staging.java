package org.sth.automation.engine.stage;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import org.sth.automation.AutomationException;
import org.sth.automation.adapter.spi.AdapterSpec;
import org.sth.automation.adapter.spi.StepContext;
import org.sth.automation.adapter.spi.StepResult;
import org.sth.automation.bundle.Basis;
import org.sth.automation.bundle.Bootstraps;
import org.sth.automation.bundle.BundleBuilder;
import org.sth.automation.bundle.BundleManifest;
import org.sth.automation.bundle.BundleResolver;
import org.sth.automation.bundle.BundleSources;
import org.sth.automation.bundle.BundleVerifier;
import org.sth.automation.bundle.Packaging;
import org.sth.automation.bundle.Resolution;
import org.sth.automation.bundle.SafeTarReader;
import org.sth.automation.bundle.StagingSources;
import org.sth.automation.engine.PreflightRecord;
import org.sth.automation.host.LiveFacts;
import org.sth.automation.io.BoundedProcess;
import org.sth.automation.io.Json;
import org.sth.automation.run.status.Outcome;
import org.sth.automation.transport.CommandResult;
import org.sth.automation.transport.RemoteCommand;
import org.sth.automation.transport.TransferResult;

/**
 * The stage step of one benchmark, for every adapter alike: stages what preflight's resolver selected. It creates
 * the run's scratch directory on the host; for a bundle it re-verifies the sha256 on the controller, uploads it
 * (skipped when the remote copy has the same digest) and unpacks it into {@code <scratch>/<benchmark>/bundle}; for a
 * local builder it runs the builder first; for a source build it performs the bootstraps readiness promised, uploads
 * the controller's source tree when the benchmark builds from it, and builds on the host under the ceiling. The step
 * manifest records the packaging provenance ({@code basis}, sha256, bundle name and version).
 */
public final class Staging {

    private static final Duration STEP_COMMAND = Duration.ofMinutes(5);

    private Staging() {
    }

    public static StepResult stage(StepContext ctx, AdapterSpec spec) {
        String scratch = ctx.remoteScratch();
        String name = spec.name();
        CommandResult mk = ctx.session().execOnce(name + "/stage/scratch", RemoteCommand.of(
                "mkdir -p -- '" + ctx.remoteWorkDir() + "' && chmod 700 '" + scratch + "'", STEP_COMMAND, name + "/stage"));
        if (!mk.ok()) {
            return StepResult.failed("cannot create remote scratch " + scratch + ": " + mk.stderrText().strip(), null);
        }
        JsonNode packaging = PreflightRecord.readiness(ctx.layout(), name).path("packaging");
        Basis basis = basis(packaging, spec.packaging());
        ObjectNode d = Json.object();
        d.put("remote_scratch", scratch);
        d.put("basis", basis == null ? "unresolved" : basis.id());
        d.set("rejected", packaging.path("rejected").deepCopy());
        String location = packaging.path("location").asText(null);
        String sha256 = packaging.path("sha256").asText(null);
        if (basis == Basis.SOURCE_BUILD && spec.packaging().sourceBuildCommand() != null) {
            return sourceBuild(ctx, spec, packaging, d);
        }
        if (basis == Basis.LOCAL_BUILDER && location != null) {
            Resolution built = runLocalBuilder(ctx, spec, Path.of(location), d);
            if (built == null) {
                return StepResult.failed(d.path("reason").asText(), d);
            }
            location = built.selected().archive().toString();
            sha256 = built.sha256();
            d.put("built_bundle", location);
        }
        if (!spec.packaging().needsBundle() || location == null || sha256 == null) {
            d.put("bundle", spec.packaging().needsBundle() ? "none staged: " + packaging.path("basis").asText("no bundle selected")
                    : "none needed: runs the host's own tools");
            return StepResult.completed(d);
        }
        Path archive = Path.of(location);
        if (!Files.isRegularFile(archive)) {
            return orFallback(packaging, d, "bundle selected by preflight is gone: " + archive + " (fix: restore it or rerun from preflight)");
        }
        String now = BundleVerifier.sha256(archive);
        if (!now.equals(sha256)) {
            return orFallback(packaging, d, "bundle " + archive + " changed since preflight verified it (sha256 " + now + " != " + sha256
                    + "); refusing to stage it (fix: restore the verified bundle or rerun from preflight)");
        }
        BundleManifest manifest = BundleManifest.read(BundleManifest.manifestBeside(archive));
        String remoteArchive = ctx.remoteWorkDir() + "/" + archive.getFileName();
        CommandResult unpack = uploadAndUnpack(ctx, archive, sha256, remoteArchive, 0, d);
        if (!unpack.ok()) {
            return orFallback(packaging, d, "cannot unpack " + remoteArchive + " on the host: " + unpack.stderrText().strip());
        }
        d.put("sha256", sha256);
        d.put("bundle_name", manifest.name());
        d.put("bundle_version", manifest.version());
        d.put("entry_command", manifest.entryCommand());
        d.put("remote_bundle_dir", ctx.remoteBundleDir());
        return StepResult.completed(d);
    }

    /**
     * A bundle that cannot be staged: the host-side fallback preflight recorded beside it (e.g. the host's own tools)
     * when there is one, with the reason kept; else the step fails with the reason.
     */
    private static StepResult orFallback(JsonNode packaging, ObjectNode d, String reason) {
        JsonNode fallback = packaging.path("fallback");
        if (!fallback.isObject()) {
            return StepResult.failed(reason, d);
        }
        d.put("basis", fallback.path("basis").asText());
        d.put("bundle_refused", reason);
        d.put("bundle", "none staged: using the recorded fallback " + fallback.path("basis").asText() + " "
                + fallback.path("location").asText());
        d.put("fallback_used", true);
        d.remove("remote_bundle_dir");
        return StepResult.completed(d);
    }

    private static Basis basis(JsonNode packaging, Packaging p) {
        String id = packaging.path("basis").asText(null);
        if (id == null) {
            return p.needsBundle() ? null : Basis.NOT_REQUIRED;
        }
        for (Basis b : Basis.values()) {
            if (b.id().equals(id)) {
                return b;
            }
        }
        throw new AutomationException("preflight recorded an unknown packaging basis '" + id + "' (fix: rerun from preflight)");
    }

    /**
     * The bootstraps preflight promised (e.g. rustup for cargo), then, when the benchmark builds from the controller's
     * source tree, that tree uploaded and unpacked into the bundle dir, then the build command (in that dir when there
     * is one), all under the benchmark's ceiling.
     */
    private static StepResult sourceBuild(StepContext ctx, AdapterSpec spec, JsonNode packaging, ObjectNode d) {
        String name = spec.name();
        Packaging p = spec.packaging();
        Duration ceiling = ctx.ceiling();
        for (JsonNode b : packaging.path("bootstrap")) {
            String bootstrap = b.asText();
            String command = ctx.config().execution().bootstrapCommands().getOrDefault(bootstrap, Bootstraps.command(bootstrap));
            CommandResult r = ctx.session().execOnce(name + "/stage/bootstrap-" + bootstrap,
                    new RemoteCommand(command, null, ceiling, name + "/stage"));
            d.withArray("bootstrapped").addObject().put("bootstrap", bootstrap).put("outcome", r.outcome().id()).put("exit_code", r.exitCode());
            if (!r.ok()) {
                return failure(r, d, "bootstrap " + bootstrap + " on the host failed");
            }
        }
        String cd = "";
        if (p.sourceFromController()) {
            Path repo = ctx.config().paths().repos().get(spec.repoPathKey());
            if (repo == null || !Files.isDirectory(repo)) {
                return StepResult.failed("no source tree on the controller: set [paths] " + spec.repoPathKey() + "_repo to a checkout of the "
                        + name + " sources" + (repo == null ? "" : " (" + repo + " is not a directory)"), d);
            }
            Path tarball = ctx.layout().dir().resolve("state").resolve(name + "-source.tar.gz");
            String sha = BundleBuilder.build(repo, tarball, "source");
            d.put("source", repo.toString());
            d.put("source_tarball_sha256", sha);
            d.put("source_tarball_excludes", "._* .DS_Store .git; no pax headers; fixed mtime/uid/gid");
            CommandResult unpack = uploadAndUnpack(ctx, tarball, sha, ctx.remoteWorkDir() + "/source.tar.gz", 1, d);
            if (!unpack.ok()) {
                return StepResult.failed("cannot unpack the source tree on the host: " + unpack.stderrText().strip(), d);
            }
            d.put("remote_bundle_dir", ctx.remoteBundleDir());
            cd = "cd '" + ctx.remoteBundleDir() + "' && ";
        }
        // built on the host; a binary it installs lands on the user's PATH (e.g. ~/.cargo/bin)
        String build = "PATH=\"$HOME/.cargo/bin:$PATH\"; " + cd + p.sourceBuildCommand();
        CommandResult b = ctx.session().execOnce(name + "/stage/source-build", new RemoteCommand(build, null, ceiling, name + "/stage"));
        d.put("source_build_command", p.sourceBuildCommand());
        d.put("source_build_outcome", b.outcome().id());
        if (!b.ok()) {
            return failure(b, d, "source build on the host failed");
        }
        SourceCapture.capture(ctx, spec, d);
        return StepResult.completed(d);
    }

    private static StepResult failure(CommandResult r, ObjectNode d, String what) {
        if (r.terminated()) {
            d.put("reason", what + ": the ceiling was reached and its process group terminated");
            return new StepResult(Outcome.TERMINATED, d);
        }
        String err = (r.stderrText() + r.stdoutText()).strip();
        return StepResult.failed(what + " (" + r.outcome() + ", exit " + r.exitCode() + "): " + err.substring(Math.max(0, err.length() - 400)), d);
    }

    /**
     * Uploads a verified archive (skipped when the remote copy has the digest) and unpacks exactly the entries the
     * controller verified into a fresh bundle dir: their names go to {@code tar} on stdin (NUL-separated, no
     * recursion, no wildcards), so anything the check did not list is never extracted, and no owner is restored.
     */
    private static CommandResult uploadAndUnpack(StepContext ctx, Path archive, String sha256, String remoteArchive, int stripComponents,
            ObjectNode d) {
        List<SafeTarReader.Entry> verified = SafeTarReader.list(archive);
        TransferResult up = ctx.session().upload(archive, remoteArchive);
        if (!up.sha256().equals(sha256)) {
            throw new AutomationException("uploaded bundle digest " + up.sha256() + " does not match " + sha256 + " for " + remoteArchive);
        }
        d.put("upload", up.outcome());
        d.put("entries", verified.size());
        String dir = ctx.remoteBundleDir();
        StringBuilder names = new StringBuilder();
        verified.forEach(e -> names.append(e.archiveName()).append('\0'));
        return ctx.session().execOnce(ctx.benchmark() + "/stage/unpack", new RemoteCommand(
                "rm -rf -- '" + dir + "' && mkdir -p -- '" + dir + "' '" + ctx.remoteOutDir() + "' && tar -xzf '" + remoteArchive
                        + "' -C '" + dir + "' --no-same-owner --no-recursion --no-wildcards --null -T -"
                        + (stripComponents > 0 ? " --strip-components=" + stripComponents : ""),
                names.toString().getBytes(StandardCharsets.UTF_8), STEP_COMMAND, ctx.benchmark() + "/stage"));
    }

    /**
     * Runs a {@code local_builder} script on the controller ({@code <script> <dist dir>}, under the step's
     * ceiling, output kept in {@code logs/builders/}), then resolves what it wrote in the dist dir like any
     * bundle (manifest, os/arch, capabilities, sha256, safe archive). Null, with {@code reason} in the
     * details, when the script fails or leaves no usable bundle.
     */
    static Resolution runLocalBuilder(StepContext ctx, AdapterSpec spec, Path script, ObjectNode d) {
        BundleSources all = StagingSources.of(ctx.config(), spec.needs());
        Path dist = all.localDistDir();
        Path log = ctx.layout().logsDir().resolve("builders").resolve(spec.name() + ".log");
        d.put("builder", script.toString());
        d.put("builder_log", ctx.layout().dir().relativize(log).toString());
        Duration limit = ctx.ceiling();
        try {
            Files.createDirectories(dist);
            Files.createDirectories(log.getParent());
            OptionalInt exit = BoundedProcess.waitFor(new ProcessBuilder(script.toString(), dist.toString()).redirectErrorStream(true)
                    .redirectOutput(log.toFile()).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start(), limit);
            if (exit.isEmpty()) {
                d.put("reason", "local builder " + script + " did not finish within " + limit.toSeconds() + " s (log: " + log + ")");
                return null;
            }
            d.put("builder_exit", exit.getAsInt());
            if (exit.getAsInt() != 0) {
                String out = Files.readString(log, StandardCharsets.UTF_8).strip();
                d.put("reason", "local builder " + script + " exited " + exit.getAsInt() + ": "
                        + out.substring(Math.max(0, out.length() - 400)) + " (log: " + log + ")");
                return null;
            }
        } catch (IOException e) {
            d.put("reason", "cannot run local builder " + script + ": " + e.getMessage());
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AutomationException("interrupted while the local builder " + script + " ran");
        }
        // only what the builder wrote counts now; the host facts are those preflight probed
        BundleSources onlyDist = new BundleSources(Map.of(), null, dist, Map.of(), null);
        String probeKey = PreflightRecord.readinessDetails(ctx.layout()).path("probe_key").asText(PreflightRecord.PROBE_KEY);
        String probe = ctx.session().alreadyRan(probeKey)
                ? ctx.session().execOnce(probeKey, RemoteCommand.of("true", STEP_COMMAND, "preflight/preflight")).stdoutText() : "";
        Resolution r = BundleResolver.resolve(spec.needs(), LiveFacts.from(ctx.inventory(), probe), onlyDist);
        if (r.blocked() || r.basis() != Basis.LOCAL_DIST) {
            d.set("builder_rejected", r.toJson().path("rejected"));
            d.put("reason", "local builder " + script + " left no usable " + spec.packaging().bundleName() + " bundle in " + dist
                    + (r.rejected().isEmpty() ? "" : ": " + r.rejected().get(0).location() + " (" + r.rejected().get(0).reason() + ")"));
            return null;
        }
        return r;
    }
}
