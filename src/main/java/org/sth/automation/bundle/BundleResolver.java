package org.sth.automation.bundle;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.sth.automation.AutomationException;
import org.sth.automation.host.Arch;
import org.sth.automation.host.HostFacts;
import org.sth.automation.host.PackageManagers;

/**
 * The one precedence resolver (configured bundle, captured cache, local dist, local builder, repo
 * fallback, runner fallback, source build on the host): the first usable candidate wins, every refused
 * one is recorded with its reason. Pure: it reads and hashes controller files, never touches the host.
 */
public final class BundleResolver {

    private BundleResolver() {
    }

    public static Resolution resolve(Needs spec, HostFacts host, BundleSources sources) {
        Packaging p = spec.packaging();
        if (!p.needsBundle()) {
            return new Resolution(spec.benchmark(), new BundleSources.Candidate(Basis.NOT_REQUIRED, "host tools", null), null, null, List.of(), List.of());
        }
        List<Resolution.Rejection> rejected = new ArrayList<>();
        for (BundleSources.Candidate c : sources.candidates(spec)) {
            switch (c.basis()) {
                case LOCAL_BUILDER -> {
                    if (Files.isRegularFile(c.archive()) && Files.isExecutable(c.archive())) {
                        return new Resolution(spec.benchmark(), c, null, null, List.of(), rejected);
                    }
                    rejected.add(new Resolution.Rejection(c.basis(), c.location(), "builder script missing or not executable", false));
                }
                case RUNNER_FALLBACK -> {
                    List<String> absent = absent(p.runnerCommands(), host);
                    if (absent.isEmpty()) {
                        return new Resolution(spec.benchmark(), c, null, null, List.of(), rejected);
                    }
                    rejected.add(new Resolution.Rejection(c.basis(), c.location(), "not installed on the host: " + String.join(", ", absent), false));
                }
                case SOURCE_BUILD -> {
                    if (p.sourceFromController() && (sources.repoDir() == null || !Files.isDirectory(sources.repoDir()))) {
                        rejected.add(new Resolution.Rejection(c.basis(), c.location(), "no source tree on the controller: set [paths] "
                                + spec.repoPathKey() + "_repo to a checkout of the " + spec.benchmark() + " sources"
                                + (sources.repoDir() == null ? "" : " (" + sources.repoDir() + " is not a directory)"), false));
                        continue;
                    }
                    List<String> bootstrap = new ArrayList<>();
                    List<String> blocking = new ArrayList<>();
                    for (String tool : absent(p.sourceBuildTools(), host)) {
                        String how = p.bootstrap().get(tool);
                        List<String> bootstrapNeeds = how == null ? List.of() : absent(Bootstraps.requires(how), host);
                        if (how != null && bootstrapNeeds.isEmpty()) {
                            if (!bootstrap.contains(how)) {
                                bootstrap.add(how);
                            }
                        } else {
                            blocking.add(tool + (how == null ? "" : " (its bootstrap " + how + " needs " + String.join(", ", bootstrapNeeds) + ")"));
                        }
                    }
                    if (blocking.isEmpty()) {
                        return new Resolution(spec.benchmark(), c, null, null, bootstrap, rejected);
                    }
                    rejected.add(new Resolution.Rejection(c.basis(), c.location(), "source build needs " + String.join(", ", blocking)
                            + " on the host (install: " + PackageManagers.installCommand(host.packageManager(), blocking) + ")", false));
                }
                default -> {
                    Optional<Resolution.Rejection> r = checkBundle(c, p, host);
                    if (r.isEmpty()) {
                        BundleManifest m = BundleManifest.read(BundleManifest.manifestBeside(c.archive()));
                        // a wrapper (its manifest's requires_on_host) only helps where the host has what it drives
                        List<String> runnerAbsent = absent(m.requiresOnHost(), host);
                        if (runnerAbsent.isEmpty()) {
                            return new Resolution(spec.benchmark(), c, m, m.sha256(), List.of(), rejected);
                        }
                        r = Optional.of(new Resolution.Rejection(c.basis(), c.location(), "wrapper bundle drives "
                                + String.join(", ", runnerAbsent) + ", which the host lacks", false));
                    }
                    rejected.add(r.get());
                }
            }
        }
        return new Resolution(spec.benchmark(), null, null, null, List.of(), rejected);
    }

    private static Optional<Resolution.Rejection> checkBundle(BundleSources.Candidate c, Packaging p, HostFacts host) {
        Path archive = c.archive();
        Path manifestFile = BundleManifest.manifestBeside(archive);
        if (!Files.isRegularFile(manifestFile)) {
            boolean archivePresent = Files.isRegularFile(archive);
            return Optional.of(new Resolution.Rejection(c.basis(), c.location(), archivePresent
                    ? "no manifest " + manifestFile.getFileName() + " beside the archive" : "not found",
                    // A configured bundle that is not there is a config error the operator must see, like a broken one.
                    archivePresent || c.basis() == Basis.CONFIGURED_BUNDLE));
        }
        BundleManifest m;
        try {
            m = BundleManifest.read(manifestFile);
        } catch (AutomationException | IllegalArgumentException e) {
            return Optional.of(new Resolution.Rejection(c.basis(), c.location(), "manifest unreadable: " + e.getMessage(), true));
        }
        if (m.name() != null && !m.name().equals(p.bundleName())) {
            return Optional.of(new Resolution.Rejection(c.basis(), c.location(), "manifest is for bundle '" + m.name() + "', not '" + p.bundleName() + "'", true));
        }
        // the captured cache holds bundles of every arch the lab has (captures after source builds): one for another
        // arch is not for this host, not broken
        if (c.basis() == Basis.CAPTURED_CACHE && m.arch() != null && !Arch.UNKNOWN.equals(host.arch()) && !Arch.runsOn(m.arch(), host.arch())) {
            return Optional.of(new Resolution.Rejection(c.basis(), c.location(), "built for arch " + m.arch() + ", host is " + host.arch(), false));
        }
        return BundleVerifier.problem(archive, m, host, p.requiredCapabilities())
                .map(reason -> new Resolution.Rejection(c.basis(), c.location(), reason, true));
    }

    private static List<String> absent(List<String> commands, HostFacts host) {
        return commands.stream().filter(c -> !host.has(c)).toList();
    }
}
