package org.sth.automation.engine.stage;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.OptionalInt;
import org.sth.automation.AutomationException;
import org.sth.automation.io.BoundedProcess;
import org.sth.automation.adapter.spi.AdapterSpec;
import org.sth.automation.bundle.Basis;
import org.sth.automation.bundle.BundleManifest;
import org.sth.automation.bundle.BundleResolver;
import org.sth.automation.bundle.BundleSources;
import org.sth.automation.bundle.BundleVerifier;
import org.sth.automation.host.LiveFacts;
import org.sth.automation.bundle.Resolution;
import org.sth.automation.bundle.StagingSources;
import org.sth.automation.engine.RunContext;
import org.sth.automation.adapter.spi.StepResult;
import org.sth.automation.engine.preflight.Preflight;
import org.sth.automation.io.Json;
import org.sth.automation.transport.CommandResult;
import org.sth.automation.transport.RemoteCommand;
import org.sth.automation.transport.TransferResult;

/**
 * Stages what preflight's resolver selected for a benchmark: creates the run's scratch directory on
 * the host, re-verifies the bundle's sha256 on the controller, uploads it (skipped when the remote
 * copy has the same digest) and unpacks it into {@code <scratch>/<adapter>/bundle}. The step manifest
 * records the packaging provenance ({@code basis}, sha256, bundle name and version).
 */
public final class BundleStager {

    private static final Duration STEP_COMMAND = Duration.ofMinutes(5);

    private BundleStager() {
    }

    /** Where a benchmark's bundle is unpacked on the host. */
    public static String remoteBundleDir(RunContext ctx, String adapter) {
        return ctx.remoteScratch() + "/" + adapter + "/bundle";
    }

    /** Where a benchmark writes its results on the host. */
    public static String remoteOutDir(RunContext ctx, String adapter) {
        return ctx.remoteScratch() + "/" + adapter + "/out";
    }

    /**
     * Runs a {@code local_builder} script on the controller ({@code <script> <dist dir>}, under the step's
     * ceiling, output kept in {@code logs/builders/}), then resolves what it wrote in the dist dir like any
     * bundle (manifest, os/arch, capabilities, sha256, safe archive). Null, with {@code reason} in the
     * details, when the script fails or leaves no usable bundle.
     */
    static Resolution runLocalBuilder(RunContext ctx, AdapterSpec spec, Path script, ObjectNode d) {
        BundleSources all = StagingSources.of(ctx.config(), spec);
        Path dist = all.localDistDir();
        Path log = ctx.layout().logsDir().resolve("builders").resolve(spec.name() + ".log");
        d.put("builder", script.toString());
        d.put("builder_log", ctx.layout().dir().relativize(log).toString());
        Duration limit = ctx.ceiling(spec.name(), spec.defaultCeiling());
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
        String probeKey = Preflight.readinessDetails(ctx.layout()).path("probe_key").asText(Preflight.PROBE_KEY);
        String probe = ctx.session().alreadyRan(probeKey)
                ? ctx.session().execOnce(probeKey, RemoteCommand.of("true", STEP_COMMAND, "preflight/preflight")).stdoutText() : "";
        Resolution r = BundleResolver.resolve(spec, LiveFacts.from(ctx.inventory(), probe), onlyDist);
        if (r.blocked() || r.basis() != Basis.LOCAL_DIST) {
            d.set("builder_rejected", r.toJson().path("rejected"));
            d.put("reason", "local builder " + script + " left no usable " + spec.packaging().bundleName() + " bundle in " + dist
                    + (r.rejected().isEmpty() ? "" : ": " + r.rejected().get(0).location() + " (" + r.rejected().get(0).reason() + ")"));
            return null;
        }
        return r;
    }

    public static StepResult stage(RunContext ctx, AdapterSpec spec) {
        String scratch = ctx.remoteScratch();
        CommandResult mk = ctx.session().execOnce(spec.name() + "/stage/scratch", RemoteCommand.of(
                "mkdir -p -- '" + scratch + "/" + spec.name() + "' && chmod 700 '" + scratch + "'", STEP_COMMAND, spec.name() + "/stage"));
        if (!mk.ok()) {
            return StepResult.failed("cannot create remote scratch " + scratch + ": " + mk.stderrText().strip(), null);
        }
        JsonNode packaging = Preflight.readiness(ctx.layout(), spec.name()).path("packaging");
        ObjectNode d = Json.object();
        d.put("remote_scratch", scratch);
        d.put("basis", packaging.path("basis").asText(spec.packaging().needsBundle() ? "unresolved" : "not_required"));
        d.set("rejected", packaging.path("rejected").deepCopy());
        String location = packaging.path("location").asText(null);
        String sha256 = packaging.path("sha256").asText(null);
        if ("source_build".equals(d.path("basis").asText()) && spec.packaging().sourceBuildCommand() != null) {
            // built on the host, under the step's ceiling; the binary lands on the user's PATH (e.g. ~/.cargo/bin)
            String build = "PATH=\"$HOME/.cargo/bin:$PATH\"; " + spec.packaging().sourceBuildCommand();
            CommandResult b = ctx.session().execOnce(spec.name() + "/stage/source-build",
                    new RemoteCommand(build, null, ctx.ceiling(spec.name(), spec.defaultCeiling()), spec.name() + "/stage"));
            d.put("source_build_command", spec.packaging().sourceBuildCommand());
            d.put("source_build_outcome", b.outcome());
            if (!b.ok()) {
                String err = b.stderrText().strip();
                return new StepResult("terminated".equals(b.outcome()) ? "terminated" : "failed", d.put("reason",
                        "source build on the host failed (" + b.outcome() + ", exit " + b.exitCode() + "): "
                                + err.substring(Math.max(0, err.length() - 400))));
            }
            return StepResult.completed(d);
        }
        if ("local_builder".equals(d.path("basis").asText()) && location != null) {
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
            return StepResult.failed("bundle selected by preflight is gone: " + archive + " (fix: restore it or rerun from preflight)", d);
        }
        String now = BundleVerifier.sha256(archive);
        if (!now.equals(sha256)) {
            return StepResult.failed("bundle " + archive + " changed since preflight verified it (sha256 " + now + " != " + sha256
                    + "); refusing to stage it (fix: restore the verified bundle or rerun from preflight)", d);
        }
        BundleManifest manifest = BundleManifest.read(BundleManifest.manifestBeside(archive));
        String remoteArchive = scratch + "/" + spec.name() + "/" + archive.getFileName();
        TransferResult up = ctx.session().upload(archive, remoteArchive);
        if (!up.sha256().equals(sha256)) {
            throw new AutomationException("uploaded bundle digest " + up.sha256() + " does not match " + sha256 + " for " + remoteArchive);
        }
        String dir = remoteBundleDir(ctx, spec.name());
        CommandResult unpack = ctx.session().execOnce(spec.name() + "/stage/unpack", RemoteCommand.of(
                "rm -rf -- '" + dir + "' && mkdir -p -- '" + dir + "' '" + remoteOutDir(ctx, spec.name()) + "' && tar -xzf '"
                        + remoteArchive + "' -C '" + dir + "'", STEP_COMMAND, spec.name() + "/stage"));
        if (!unpack.ok()) {
            return StepResult.failed("cannot unpack " + remoteArchive + " on the host: " + unpack.stderrText().strip(), d);
        }
        d.put("sha256", sha256);
        d.put("bundle_name", manifest.name());
        d.put("bundle_version", manifest.version());
        d.put("entry_command", manifest.entryCommand());
        d.put("remote_bundle_dir", dir);
        d.put("upload", up.outcome());
        return StepResult.completed(d);
    }
}
