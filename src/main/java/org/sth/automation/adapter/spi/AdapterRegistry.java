package org.sth.automation.adapter.spi;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.sth.automation.config.AutomationConfig;
import org.sth.automation.config.ConfigException;

/** The registry of benchmark adapters by name; the single place an adapter is added. */
public final class AdapterRegistry {

    private final Map<String, BenchmarkAdapter> byName = new LinkedHashMap<>();

    public AdapterRegistry(List<BenchmarkAdapter> adapters) {
        adapters.forEach(a -> byName.put(a.spec().name(), a));
    }

    public Optional<BenchmarkAdapter> find(String name) {
        return Optional.ofNullable(byName.get(name));
    }

    public BenchmarkAdapter require(String name) {
        BenchmarkAdapter a = byName.get(name);
        if (a == null) {
            throw new org.sth.automation.UsageException("Unknown benchmark '" + name + "'. Available benchmarks: " + String.join(", ", names())
                    + " (fix: use one of them in --benchmarks or the request's benchmarks list)");
        }
        return a;
    }

    /**
     * Checks the adapter-specific parts of a config: every {@code [execution.allow_missing_commands]} key names
     * a benchmark, and every command listed there is one that benchmark requires; every {@code [bundles.NAME]}
     * names a benchmark that stages a bundle.
     */
    public void checkConfig(AutomationConfig config) {
        String file = config.source() == null ? "config" : config.source().toString();
        List<String> bundled = byName.values().stream().map(BenchmarkAdapter::spec)
                .filter(s -> s.packaging().bundleName() != null).map(AdapterSpec::name).toList();
        for (String name : config.bundles().keySet()) {
            if (!bundled.contains(name)) {
                throw new ConfigException(file, "bundles." + name,
                        byName.containsKey(name) ? name + " stages no bundle (it runs host tools only)" : "unknown benchmark '" + name + "'",
                        "use [bundles.NAME] for one of: " + String.join(", ", bundled));
            }
        }
        config.execution().allowMissingCommands().forEach((name, commands) -> {
            String key = "execution.allow_missing_commands." + name;
            BenchmarkAdapter a = byName.get(name);
            if (a == null) {
                throw new ConfigException(file, key, "unknown benchmark '" + name + "'",
                        "use one of: " + String.join(", ", names()));
            }
            List<String> required = a.spec().requiredCommands();
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
