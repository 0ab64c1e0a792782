package org.sth.automation.bundle;

import java.util.List;
import java.util.Map;

/**
 * How an adapter's benchmark gets onto a host: the bundle it needs, the capabilities that bundle
 * must declare, the command a host may already have installed, and how to build it from source there.
 *
 * @param bundleName           name in the bundle manifest; null when the adapter needs no bundle (it runs host tools)
 * @param requiredCapabilities capabilities the selected bundle's manifest must list
 * @param runnerCommands       commands the bundle provides; when the host already has them all, no bundle is needed
 * @param sourceBuildCommand   command that builds the benchmark on the host; null when there is none
 * @param sourceBuildTools     tools the source build needs on the host (e.g. {@code cargo})
 * @param bootstrap            tools the workflow installs by itself, tool to the bootstrap that installs it
 *                             (e.g. {@code cargo -> rustup}; the command of each bootstrap is in {@link Bootstraps})
 * @param sourceFromController whether the source build needs the benchmark's source tree from the controller (its
 *                             {@code [paths] <key>_repo}), packed into a tarball, uploaded and built on the host
 *                             in it; false when the build command fetches its own source (e.g. {@code cargo install})
 * @param capture              what the stage step captures into the bundle cache after a successful source build from the
 *                             controller's tree, so the next run on a host of the same arch is bundle-first; null:
 *                             nothing is captured (e.g. a build that installs elsewhere, {@code cargo install})
 *
 * <p>Whether a bundle ships its runner or only drives the host's (a wrapper) is the bundle's own fact:
 * its manifest's {@code requires_on_host}.
 */
public record Packaging(
        String bundleName,
        List<String> requiredCapabilities,
        List<String> runnerCommands,
        String sourceBuildCommand,
        List<String> sourceBuildTools,
        Map<String, String> bootstrap,
        boolean sourceFromController,
        Capture capture) {

    /** An adapter that runs the host's own tools and stages no bundle. */
    public static final Packaging NONE = new Packaging(null, List.of(), List.of(), null, List.of(), Map.of(), false);

    /** Packaging that captures nothing after a source build. */
    public Packaging(String bundleName, List<String> requiredCapabilities, List<String> runnerCommands, String sourceBuildCommand,
            List<String> sourceBuildTools, Map<String, String> bootstrap, boolean sourceFromController) {
        this(bundleName, requiredCapabilities, runnerCommands, sourceBuildCommand, sourceBuildTools, bootstrap, sourceFromController, null);
    }

    /** Packaging whose source build (if any) fetches its own source. */
    public Packaging(String bundleName, List<String> requiredCapabilities, List<String> runnerCommands, String sourceBuildCommand,
            List<String> sourceBuildTools, Map<String, String> bootstrap) {
        this(bundleName, requiredCapabilities, runnerCommands, sourceBuildCommand, sourceBuildTools, bootstrap, false);
    }

    /** This packaging with another source build command and the tools it needs on the host. */
    public Packaging withSourceBuild(String command, List<String> tools) {
        return new Packaging(bundleName, requiredCapabilities, runnerCommands, command, tools, bootstrap, sourceFromController, capture);
    }

    /** This packaging capturing its source builds into the bundle cache ({@code null}: not at all). */
    public Packaging withCapture(Capture other) {
        return new Packaging(bundleName, requiredCapabilities, runnerCommands, sourceBuildCommand, sourceBuildTools, bootstrap,
                sourceFromController, other);
    }

    public Packaging {
        requiredCapabilities = List.copyOf(requiredCapabilities);
        runnerCommands = List.copyOf(runnerCommands);
        sourceBuildTools = List.copyOf(sourceBuildTools);
        bootstrap = Map.copyOf(bootstrap);
    }

    public boolean needsBundle() {
        return bundleName != null;
    }
}
