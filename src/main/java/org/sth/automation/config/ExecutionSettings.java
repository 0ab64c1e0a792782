package org.sth.automation.config;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * {@code [execution]}: bounds and safety. {@code maxExecution} maps adapter name to its ceiling
 * override ({@code [execution.max_execution_secs_per_adapter]}); {@code protectedTags} are refused without
 * {@code --allow-protected}; {@code allowMissingCommands} maps adapter name to the required commands the
 * operator accepts missing ({@code [execution.allow_missing_commands]}): readiness treats them as optional.
 */
public record ExecutionSettings(
        Duration heartbeatInterval,
        Duration defaultMaxExecution,
        Map<String, Duration> maxExecution,
        List<String> protectedTags,
        boolean keepRemote,
        Map<String, List<String>> allowMissingCommands) {

    public ExecutionSettings {
        maxExecution = Map.copyOf(maxExecution);
        protectedTags = List.copyOf(protectedTags);
        allowMissingCommands = Map.copyOf(allowMissingCommands);
    }

    /** Settings without any {@code allow_missing_commands}. */
    public ExecutionSettings(Duration heartbeatInterval, Duration defaultMaxExecution, Map<String, Duration> maxExecution,
            List<String> protectedTags, boolean keepRemote) {
        this(heartbeatInterval, defaultMaxExecution, maxExecution, protectedTags, keepRemote, Map.of());
    }

    /** The commands the operator accepts missing for one adapter (empty when none). */
    public List<String> allowMissing(String adapter) {
        return allowMissingCommands.getOrDefault(adapter, List.of());
    }
}
