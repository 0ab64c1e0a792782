package org.sth.automation.adapter.spi;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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

    public List<String> names() {
        return List.copyOf(byName.keySet());
    }
}
