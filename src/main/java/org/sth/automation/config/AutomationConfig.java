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
        Map<String, BundleSettings> bundles,
        Map<String, Object> tables) {

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
        tables = tables == null ? Map.of() : Map.copyOf(tables);
    }

    /** A config without {@code [bundles]} or bound extension tables. */
    public AutomationConfig(Path source, PathsConfig paths, Map<String, AuthRef> authRefs, List<HostConfig> hosts, SshSettings ssh,
            ExecutionSettings execution, Map<String, PublishTarget> publish) {
        this(source, paths, authRefs, hosts, ssh, execution, publish, Map.of(), Map.of());
    }

    /** This config with the settings a {@link TableBinder} bound for its table. */
    public AutomationConfig withTable(String table, Object settings) {
        Map<String, Object> all = new java.util.LinkedHashMap<>(tables);
        all.put(table, settings);
        return new AutomationConfig(source, paths, authRefs, hosts, ssh, execution, publish, bundles, all);
    }

    /**
     * The settings bound for a top-level table by its {@link TableBinder}, or {@code absent} when the config was
     * loaded without that binder (a config built in code, or a tool that does not run that adapter).
     */
    public <T> T table(String table, Class<T> type, T absent) {
        Object v = tables.get(table);
        return v == null ? absent : type.cast(v);
    }

    public Optional<HostConfig> host(String name) {
        return hosts.stream().filter(h -> h.name().equals(name)).findFirst();
    }
}
