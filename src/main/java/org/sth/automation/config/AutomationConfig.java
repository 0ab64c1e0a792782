package org.sth.automation.config;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The whole parsed configuration file, immutable. */
public record AutomationConfig(
        Path source,
        PathsConfig paths,
        Map<String, AuthRef> authRefs,
        List<HostConfig> hosts,
        SshSettings ssh,
        ExecutionSettings execution,
        Map<String, PublishTarget> publish,
        AgentsthPolicy agentsth,
        Map<String, BundleSettings> bundles) {

    /**
     * {@code [bundles.NAME]}: where one adapter's bundle comes from besides the cache.
     *
     * @param path    {@code path}: a configured bundle ({@code .tar.gz} with its manifest beside it, or a dir of
     *                bundles), tried first ({@code configured_bundle}); null when not set
     * @param builder {@code builder}: a controller-side script that builds the bundle ({@code local_builder}); null when not set
     */
    public record BundleSettings(Path path, Path builder) {
    }

    public AutomationConfig {
        authRefs = Map.copyOf(authRefs);
        hosts = List.copyOf(hosts);
        publish = Map.copyOf(publish);
        bundles = bundles == null ? Map.of() : Map.copyOf(bundles);
    }

    /** A config without {@code [bundles]} tables. */
    public AutomationConfig(Path source, PathsConfig paths, Map<String, AuthRef> authRefs, List<HostConfig> hosts, SshSettings ssh,
            ExecutionSettings execution, Map<String, PublishTarget> publish, AgentsthPolicy agentsth) {
        this(source, paths, authRefs, hosts, ssh, execution, publish, agentsth, Map.of());
    }

    public Optional<HostConfig> host(String name) {
        return hosts.stream().filter(h -> h.name().equals(name)).findFirst();
    }
}
