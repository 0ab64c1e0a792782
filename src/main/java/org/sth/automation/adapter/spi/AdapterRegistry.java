package org.sth.automation.adapter.spi;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.sth.automation.UsageException;
import org.sth.automation.config.AutomationConfig;
import org.sth.automation.config.ConfigException;
import org.sth.automation.config.TableBinder;

/** The benchmark adapters of one config, by name: the built-in ones and those the config declares. */
public final class AdapterRegistry {

    private final Map<String, BenchmarkAdapter> byName = new LinkedHashMap<>();

    public AdapterRegistry(List<? extends BenchmarkAdapter> adapters) {
        for (BenchmarkAdapter a : adapters) {
            if (byName.putIfAbsent(a.spec().name(), a) != null) {
                throw new IllegalArgumentException("two adapters are named '" + a.spec().name() + "'");
            }
        }
    }

    public Optional<BenchmarkAdapter> find(String name) {
        return Optional.ofNullable(byName.get(name));
    }

    public BenchmarkAdapter require(String name) {
        BenchmarkAdapter a = byName.get(name);
        if (a == null) {
            throw new UsageException("Unknown benchmark '" + name + "'. Available benchmarks: " + String.join(", ", names())
                    + " (fix: use one of them in --benchmarks or the request's benchmarks list)");
        }
        return a;
    }

    /**
     * A benchmark's facts under a config: the adapter's own (its config tables applied), then the required commands
     * the operator accepts missing ({@code [execution.allow_missing_commands]}) demoted to optional.
     */
    public AdapterSpec spec(String name, AutomationConfig config) {
        return require(name).spec(config).allowingMissing(config.execution().allowMissing(name));
    }

    /**
     * How a benchmark is measured under a config ({@link IntegritySettings#measurement}); a benchmark without a numeric
     * result runs once whatever {@code [integrity] repeat} says for every benchmark.
     */
    public Measurement measurement(String name, AutomationConfig config) {
        Measurement m = IntegritySettings.of(config).measurement(spec(name, config));
        return require(name).numericResult().isPresent() ? m
                : new Measurement(m.quietPolicy(), m.quietWait(), 1, m.maxSpreadPercent(), m.minRuns(), m.maxRuns());
    }

    /** The config tables every adapter here reads. */
    public List<TableBinder<?>> configTables() {
        List<TableBinder<?>> out = new ArrayList<>();
        byName.values().forEach(a -> out.addAll(a.configTables()));
        return out;
    }

    /**
     * Checks the adapter-specific parts of a config: every {@code [execution.allow_missing_commands]} key names
     * a benchmark, and every command listed there is one that benchmark requires; every {@code [bundles.NAME]}
     * and {@code [execution.max_execution_secs_per_adapter]} key names a benchmark (bundles: one that stages a bundle).
     */
    public void checkConfig(AutomationConfig config) {
        String file = config.source() == null ? "config" : config.source().toString();
        List<String> bundled = byName.values().stream().map(a -> a.spec(config))
                .filter(s -> s.packaging().needsBundle()).map(AdapterSpec::name).toList();
        for (String name : config.bundles().keySet()) {
            if (!bundled.contains(name)) {
                throw new ConfigException(file, "bundles." + name,
                        byName.containsKey(name) ? name + " stages no bundle (it runs host tools only)" : "unknown benchmark '" + name + "'",
                        "use [bundles.NAME] for one of: " + String.join(", ", bundled));
            }
        }
        for (String name : config.execution().maxExecution().keySet()) {
            if (!byName.containsKey(name)) {
                throw new ConfigException(file, "execution.max_execution_secs_per_adapter." + name, "unknown benchmark '" + name + "'",
                        "use one of: " + String.join(", ", names()));
            }
        }
        checkIntegrity(config, file);
        config.execution().allowMissingCommands().forEach((name, commands) -> {
            String key = "execution.allow_missing_commands." + name;
            BenchmarkAdapter a = byName.get(name);
            if (a == null) {
                throw new ConfigException(file, key, "unknown benchmark '" + name + "'",
                        "use one of: " + String.join(", ", names()));
            }
            List<String> required = a.spec(config).requiredCommands();
            for (String c : commands) {
                if (!required.contains(c)) {
                    throw new ConfigException(file, key, "'" + c + "' is not a command " + name + " requires",
                            "list only commands from: " + String.join(", ", required));
                }
            }
        });
    }

    /**
     * {@code [integrity.benchmarks.NAME]} names a benchmark; a benchmark repeated there or in its own table has a numeric
     * result; a key is not set both in a declared benchmark's table and in {@code [integrity.benchmarks.NAME]}; runs agree.
     */
    private void checkIntegrity(AutomationConfig config, String file) {
        IntegritySettings integrity = IntegritySettings.of(config);
        for (String name : integrity.benchmarks().keySet()) {
            if (!byName.containsKey(name)) {
                throw new ConfigException(file, "integrity.benchmarks." + name, "unknown benchmark '" + name + "'",
                        "use one of: " + String.join(", ", names()));
            }
        }
        for (String name : byName.keySet()) {
            AdapterSpec spec = spec(name, config);
            Measurement table = integrity.benchmarks().getOrDefault(name, Measurement.NONE);
            Set<String> twice = new java.util.TreeSet<>(spec.own().measurement().keysSet());
            twice.retainAll(table.keysSet());
            if (!twice.isEmpty()) {
                throw new ConfigException(file, "integrity.benchmarks." + name + "." + twice.iterator().next(),
                        "set both here and in [benchmarks." + name + "]", "keep one of the two");
            }
            Measurement own = spec.own().measurement().orElse(table);
            String where = spec.own().measurement().repeat() != null ? "benchmarks." + name + ".repeat" : "integrity.benchmarks." + name + ".repeat";
            if (own.repeats() && byName.get(name).numericResult().isEmpty()) {
                throw new ConfigException(file, where, name + " has no numeric result to compare between runs",
                        "remove repeat: only benchmarks with a numeric result repeat (latency, geekbench, a declared benchmark with a parser)");
            }
            Measurement m = integrity.measurement(spec);
            if (m.minRuns() > m.maxRuns()) {
                throw new ConfigException(file, "integrity.benchmarks." + name + ".min_runs", "min_runs " + m.minRuns()
                        + " is above max_runs " + m.maxRuns() + " for " + name, "make min_runs at most max_runs");
            }
        }
    }

    public List<String> names() {
        return List.copyOf(byName.keySet());
    }
}
