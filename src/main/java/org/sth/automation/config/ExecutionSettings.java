package org.sth.automation.config;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * {@code [execution]}: bounds and safety. {@code maxExecution} maps adapter name to its ceiling
 * override ({@code [execution.max_execution_secs_per_adapter]}); {@code protectedTags} are refused without
 * {@code --allow-protected}.
 */
public record ExecutionSettings(
        Duration heartbeatInterval,
        Duration defaultMaxExecution,
        Map<String, Duration> maxExecution,
        List<String> protectedTags,
        boolean keepRemote) {

    public ExecutionSettings {
        maxExecution = Map.copyOf(maxExecution);
        protectedTags = List.copyOf(protectedTags);
    }
}
