package org.sth.automation.config;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * {@code [execution]}: bounds and safety. {@code defaultMaxExecution} is {@code max_execution_secs} (null when the
 * file does not set it: each adapter's own default applies); {@code maxExecution} maps adapter name to its ceiling
 * override ({@code [execution.max_execution_secs_per_adapter]}); {@code protectedTags} are refused without
 * {@code --allow-protected}; {@code allowMissingCommands} maps adapter name to the required commands the
 * operator accepts missing ({@code [execution.allow_missing_commands]}): readiness treats them as optional;
 * {@code maxParallelHosts} bounds how many hosts' runs proceed at once in this controller ({@code max_parallel_hosts}).
 */
public record ExecutionSettings(
        Duration heartbeatInterval,
        Duration defaultMaxExecution,
        Map<String, Duration> maxExecution,
        List<String> protectedTags,
        boolean keepRemote,
        Map<String, List<String>> allowMissingCommands,
        Map<String, String> bootstrapCommands,
        int maxParallelHosts) {

    /** Hosts whose runs proceed at once when the config says nothing: a rack. */
    public static final int DEFAULT_MAX_PARALLEL_HOSTS = 64;

    /** The most hosts one controller runs at once; more is refused as a typo. */
    public static final int MAX_PARALLEL_HOSTS = 1024;

    public ExecutionSettings {
        maxExecution = Map.copyOf(maxExecution);
        protectedTags = List.copyOf(protectedTags);
        allowMissingCommands = Map.copyOf(allowMissingCommands);
        bootstrapCommands = bootstrapCommands == null ? Map.of() : Map.copyOf(bootstrapCommands);
    }

    /** Settings without any {@code allow_missing_commands} or {@code bootstrap_commands}. */
    public ExecutionSettings(Duration heartbeatInterval, Duration defaultMaxExecution, Map<String, Duration> maxExecution,
            List<String> protectedTags, boolean keepRemote) {
        this(heartbeatInterval, defaultMaxExecution, maxExecution, protectedTags, keepRemote, Map.of(), Map.of(), DEFAULT_MAX_PARALLEL_HOSTS);
    }

    /**
     * The ceiling of one step of {@code benchmark}, by precedence: its own override
     * ({@code [execution.max_execution_secs_per_adapter]}), else the execution default ({@code [execution]
     * max_execution_secs}), else the adapter's default. The one place a ceiling is decided.
     */
    public Duration ceiling(String benchmark, Duration adapterDefault) {
        return ceiling(benchmark, null, adapterDefault);
    }

    /**
     * As {@link #ceiling(String, Duration)}, with the benchmark's own {@code ceiling_secs} (a declared benchmark's;
     * null when it has none) first: own, then {@code max_execution_secs_per_adapter}, then {@code max_execution_secs},
     * then the adapter's default. A benchmark cannot have both of the first two (the config loader refuses it).
     */
    public Duration ceiling(String benchmark, Duration own, Duration adapterDefault) {
        if (own != null) {
            return own;
        }
        Duration perAdapter = maxExecution.get(benchmark);
        if (perAdapter != null) {
            return perAdapter;
        }
        return defaultMaxExecution != null ? defaultMaxExecution : adapterDefault;
    }

    /** The commands the operator accepts missing for one adapter (empty when none). */
    public List<String> allowMissing(String adapter) {
        return allowMissingCommands.getOrDefault(adapter, List.of());
    }
}
