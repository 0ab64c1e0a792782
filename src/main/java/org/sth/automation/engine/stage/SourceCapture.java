package org.sth.automation.engine.stage;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.sth.automation.adapter.spi.AdapterSpec;
import org.sth.automation.adapter.spi.StepContext;
import org.sth.automation.bundle.BundleManifest;
import org.sth.automation.bundle.Capture;
import org.sth.automation.bundle.Packaging;
import org.sth.automation.bundle.SafeTarReader;
import org.sth.automation.bundle.UnsafeArchiveException;
import org.sth.automation.host.Arch;
import org.sth.automation.io.AtomicFiles;
import org.sth.automation.io.Sha256;
import org.sth.automation.transport.CommandResult;
import org.sth.automation.transport.RemoteCommand;
import org.sth.automation.transport.TransportException;

/**
 * After a successful source build from the controller's tree: packs what {@link Capture} names of the built tree on the
 * host, downloads it and writes it into the bundle cache with its manifest (name, {@code src.<run stamp>} version,
 * linux, the host's arch, sha256, capabilities), so the resolver offers it as {@code captured_cache} to the next run on
 * a host of that arch. A capture that cannot be made never fails the stage (the build did succeed): it is recorded
 * with its reason and raised as a warning.
 */
final class SourceCapture {

    private SourceCapture() {
    }

    /** Captures the build into the cache; the outcome goes into {@code d.capture}. */
    static void capture(StepContext ctx, AdapterSpec spec, ObjectNode d) {
        Packaging p = spec.packaging();
        Capture c = p.capture();
        if (c == null || !p.sourceFromController() || !p.needsBundle()) {
            return;
        }
        ObjectNode out = d.putObject("capture");
        String why = tryCapture(ctx, p, c, spec, out);
        if (why != null) {
            out.put("outcome", "not_captured");
            out.put("reason", why);
            ctx.warning("capture_" + spec.name(), spec.name() + ": the source build was not captured into the bundle cache: " + why, null);
        }
    }

    private static String tryCapture(StepContext ctx, Packaging p, Capture c, AdapterSpec spec, ObjectNode out) {
        Path cache = ctx.config().paths().bundleCacheDir();
        if (cache == null) {
            return "no [paths] bundle_cache_dir";
        }
        String arch = Arch.normalize(ctx.inventory().path("arch").asText(null));
        if (Arch.UNKNOWN.equals(arch)) {
            return "the host's arch is unknown, so the bundle could not be labelled";
        }
        String remote = ctx.remoteWorkDir() + "/capture.tar.gz";
        StringBuilder paths = new StringBuilder();
        c.paths().forEach(x -> paths.append(' ').append(quote(x)));
        CommandResult r = ctx.session().execOnce(spec.name() + "/stage/capture", RemoteCommand.of("cd " + quote(ctx.remoteBundleDir())
                + " && tar --exclude=.git -czf " + quote(remote) + " --" + paths + " && wc -c < " + quote(remote), ctx.ceiling(), spec.name() + "/stage"));
        if (!r.ok()) {
            String err = r.stderrText().strip();
            return "packing " + String.join(", ", c.paths()) + " on the host failed (exit " + r.exitCode() + "): "
                    + err.substring(Math.max(0, err.length() - 300));
        }
        long bytes;
        try {
            bytes = Long.parseLong(r.stdoutText().strip());
        } catch (NumberFormatException e) {
            return "the host did not report the capture's size";
        }
        if (bytes > Capture.MAX_BYTES) {
            return "the capture is " + bytes + " bytes, more than " + Capture.MAX_BYTES + " (list fewer bundle paths)";
        }
        String stamp = ctx.layout().dir().getFileName().toString().replace('-', '_');
        BundleManifest m = new BundleManifest(p.bundleName(), "src." + stamp, "linux", arch, null,
                p.requiredCapabilities().isEmpty() ? List.of(p.bundleName()) : p.requiredCapabilities(), c.entryCommand(), spec.resultFiles());
        Path partial = cache.resolve("." + m.archiveFileName() + ".part");
        try {
            Files.createDirectories(cache);
            ctx.session().download(remote, partial);
            SafeTarReader.list(partial);
            String sha = Sha256.of(partial);
            BundleManifest done = new BundleManifest(m.name(), m.version(), m.os(), m.arch(), sha, m.capabilities(), m.entryCommand(),
                    m.resultFiles());
            // archive first, manifest last: a manifest is only ever beside the archive it describes
            AtomicFiles.move(partial, cache.resolve(done.archiveFileName()));
            done.write(cache.resolve(done.manifestFileName()));
            out.put("outcome", "captured");
            out.put("bundle", done.stem());
            out.put("sha256", sha);
            out.put("bytes", Files.size(cache.resolve(done.archiveFileName())));
            out.put("cache", cache.toString());
            return null;
        } catch (UnsafeArchiveException e) {
            return "the packed build is not a safe archive: " + e.getMessage();
        } catch (TransportException | IOException e) {
            return "downloading the packed build failed: " + e.getMessage();
        } finally {
            try {
                Files.deleteIfExists(partial);
            } catch (IOException e) {
                // a leftover part file is never read: scans only take <name>-<version>-<os>-<arch> stems
            }
        }
    }

    private static String quote(String s) {
        return "'" + s.replace("'", "'\\''") + "'";
    }
}
