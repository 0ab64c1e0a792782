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
        AgentsthPolicy agentsth) {

    public AutomationConfig {
        authRefs = Map.copyOf(authRefs);
        hosts = List.copyOf(hosts);
        publish = Map.copyOf(publish);
    }

    public Optional<HostConfig> host(String name) {
        return hosts.stream().filter(h -> h.name().equals(name)).findFirst();
    }
}
