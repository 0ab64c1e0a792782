package org.sth.automation.bundle;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import org.sth.automation.io.Json;

/**
 * What the resolver chose for one adapter and what it refused on the way; its JSON is the packaging
 * provenance recorded in the stage step manifest.
 *
 * @param adapter    adapter name
 * @param selected   the chosen candidate, null when nothing is usable (packaging blocked)
 * @param manifest   the chosen bundle's manifest, null for builder/runner/source-build/not-required
 * @param sha256     sha256 verified on the controller, null when there is no archive yet
 * @param bootstrap  tools the workflow installs by itself for the chosen path, e.g. {@code cargo via rustup}
 * @param rejected   refused candidates in the order tried
 * @param fallback   for a selected bundle, the usable host-side candidate after it (e.g. the host's own tools), which stage
 *                   takes when the bundle cannot be staged; null when there is none
 */
public record Resolution(String adapter, BundleSources.Candidate selected, BundleManifest manifest, String sha256,
        List<String> bootstrap, List<Rejection> rejected, BundleSources.Candidate fallback) {

    /**
     * A refused candidate.
     *
     * @param basis    its precedence level
     * @param location where it was
     * @param reason   why it was refused
     * @param invalid  true when a bundle was there but is broken or unfit (sha256, arch, unsafe, incomplete),
     *                 false when the source is merely not usable on this host
     */
    public record Rejection(Basis basis, String location, String reason, boolean invalid) {
    }

    public Resolution {
        bootstrap = List.copyOf(bootstrap);
        rejected = List.copyOf(rejected);
    }

    /** A resolution without a recorded fallback. */
    public Resolution(String adapter, BundleSources.Candidate selected, BundleManifest manifest, String sha256,
            List<String> bootstrap, List<Rejection> rejected) {
        this(adapter, selected, manifest, sha256, bootstrap, rejected, null);
    }

    /** The chosen basis, or null when packaging is blocked. */
    public Basis basis() {
        return selected == null ? null : selected.basis();
    }

    public boolean blocked() {
        return selected == null;
    }

    /** Whether a bundle was found but refused as broken or unfit. */
    public boolean hadInvalidBundle() {
        return rejected.stream().anyMatch(Rejection::invalid);
    }

    public ObjectNode toJson() {
        ObjectNode n = Json.object();
        n.put("basis", selected == null ? null : selected.basis().id());
        n.put("location", selected == null ? null : selected.location());
        n.put("sha256", sha256);
        if (manifest != null && selected != null && selected.archive() != null) {
            n.put("manifest_file", BundleManifest.manifestBeside(selected.archive()).getFileName().toString());
        }
        if (manifest != null) {
            ObjectNode b = n.putObject("bundle");
            b.put("name", manifest.name());
            b.put("version", manifest.version());
            b.put("os", manifest.os());
            b.put("arch", manifest.arch());
        }
        bootstrap.forEach(n.putArray("bootstrap")::add);
        if (fallback != null) {
            n.putObject("fallback").put("basis", fallback.basis().id()).put("location", fallback.location());
        }
        var arr = n.putArray("rejected");
        for (Rejection r : rejected) {
            arr.addObject().put("basis", r.basis().id()).put("location", r.location()).put("reason", r.reason()).put("invalid", r.invalid());
        }
        return n;
    }
}
