package org.sth.automation.phase.stage;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.sth.automation.AutomationException;
import org.sth.automation.adapter.AdapterSpec;
import org.sth.automation.bundle.BundleManifest;
import org.sth.automation.bundle.BundleVerifier;
import org.sth.automation.phase.StepContext;
import org.sth.automation.phase.StepResult;
import org.sth.automation.phase.preflight.Preflight;
import org.sth.automation.run.Json;
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
    public static String remoteBundleDir(StepContext ctx, String adapter) {
        return ctx.remoteScratch() + "/" + adapter + "/bundle";
    }

    /** Where a benchmark writes its results on the host. */
    public static String remoteOutDir(StepContext ctx, String adapter) {
        return ctx.remoteScratch() + "/" + adapter + "/out";
    }

    public static StepResult stage(StepContext ctx, AdapterSpec spec) {
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
