package org.sth.automation.adapter;

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
 * @param bootstrap            tools the workflow installs by itself, tool to how (e.g. {@code cargo -> cargo via rustup})
 * @param wrapperNeedsRunner   the bundle is a wrapper that drives the runner commands rather than shipping them
 *                             (e.g. the latency wrapper): it is usable only on a host that has them
 */
public record Packaging(
        String bundleName,
        List<String> requiredCapabilities,
        List<String> runnerCommands,
        String sourceBuildCommand,
        List<String> sourceBuildTools,
        Map<String, String> bootstrap,
        boolean wrapperNeedsRunner) {

    /** An adapter that runs the host's own tools and stages no bundle. */
    public static final Packaging NONE = new Packaging(null, List.of(), List.of(), null, List.of(), Map.of());

    public Packaging {
        requiredCapabilities = List.copyOf(requiredCapabilities);
        runnerCommands = List.copyOf(runnerCommands);
        sourceBuildTools = List.copyOf(sourceBuildTools);
        bootstrap = Map.copyOf(bootstrap);
    }

    /** A bundle that ships its runner (the usual case). */
    public Packaging(String bundleName, List<String> requiredCapabilities, List<String> runnerCommands, String sourceBuildCommand,
            List<String> sourceBuildTools, Map<String, String> bootstrap) {
        this(bundleName, requiredCapabilities, runnerCommands, sourceBuildCommand, sourceBuildTools, bootstrap, false);
    }

    public boolean needsBundle() {
        return bundleName != null;
    }
}
