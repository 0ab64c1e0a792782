package org.sth.automation.adapter;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.sth.automation.adapter.agentsth.AgentsthAdapter;
import org.sth.automation.adapter.declared.DeclaredBenchmark;
import org.sth.automation.adapter.declared.DeclaredBenchmarkAdapter;
import org.sth.automation.adapter.declared.DeclaredBenchmarks;
import org.sth.automation.adapter.geekbench.GeekbenchAdapter;
import org.sth.automation.adapter.latency.LatencyAdapter;
import org.sth.automation.adapter.preflight.PreflightOnlyAdapter;
import org.sth.automation.adapter.probe.BoundsProbeAdapter;
import org.sth.automation.adapter.spi.AdapterRegistry;
import org.sth.automation.adapter.spi.BenchmarkAdapter;
import org.sth.automation.adapter.spi.IntegritySettings;
import org.sth.automation.adapter.sysinfo.SystemInfoAdapter;
import org.sth.automation.config.AutomationConfig;
import org.sth.automation.config.ConfigLoader;
import org.sth.automation.config.TableBinder;

/**
 * The built-in adapters (registered in {@link #builtIn()}, the one place a built-in adapter is added), and the
 * config and registry that go with them: a config is loaded with every adapter's own tables bound.
 */
public final class Adapters {

    private static final AdapterRegistry BUILT_IN = new AdapterRegistry(builtIn());

    private Adapters() {
    }

    /** Every built-in adapter: add a new one here (one line). */
    private static List<BenchmarkAdapter> builtIn() {
        return List.of(
                new SystemInfoAdapter(),
                new LatencyAdapter(),
                new GeekbenchAdapter(),
                new AgentsthAdapter(),
                new BoundsProbeAdapter(),
                new PreflightOnlyAdapter());
    }

    /** The tables the adapters read from a config, beside the generic ones: their own, and the declared benchmarks. */
    public static List<TableBinder<?>> configTables() {
        List<TableBinder<?>> tables = new ArrayList<>(BUILT_IN.configTables());
        tables.add(DeclaredBenchmarks.binder(Set.copyOf(BUILT_IN.names())));
        tables.add(IntegritySettings.BINDER);
        return tables;
    }

    /** Loads a config with every adapter's tables bound. */
    public static AutomationConfig loadConfig(Path file) {
        return ConfigLoader.load(file, configTables());
    }

    /** Parses config text with every adapter's tables bound (tests, inline configs). */
    public static AutomationConfig parseConfig(String toml, String fileLabel, Path baseDir) {
        return ConfigLoader.parse(toml, fileLabel, baseDir, configTables());
    }

    /** The adapters a config can run: the built-in ones and the benchmarks it declares ({@code [benchmarks.NAME]}). */
    public static AdapterRegistry registry(AutomationConfig config) {
        Map<String, DeclaredBenchmark> declared = DeclaredBenchmarks.of(config);
        if (declared.isEmpty()) {
            return BUILT_IN;
        }
        List<BenchmarkAdapter> all = new ArrayList<>(builtIn());
        declared.values().forEach(d -> all.add(new DeclaredBenchmarkAdapter(d)));
        return new AdapterRegistry(all);
    }

    /** The built-in adapters alone. */
    public static AdapterRegistry builtIns() {
        return BUILT_IN;
    }
}
