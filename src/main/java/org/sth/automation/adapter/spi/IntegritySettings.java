package org.sth.automation.adapter.spi;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.sth.automation.config.AutomationConfig;
import org.sth.automation.config.TableBinder;
import org.sth.automation.config.TomlSection;
import org.sth.automation.host.quiet.QuietThresholds;

/**
 * {@code [integrity]}: how every benchmark is measured ({@link Measurement}'s keys), when a host is quiet
 * ({@code [integrity.quiet]}) and each benchmark's own measurement ({@code [integrity.benchmarks.NAME]}). Bound by
 * {@link #BINDER} when the config is loaded; docs/integrity.md has every key.
 *
 * @param defaults   what every benchmark gets (the built-in {@link Measurement#DEFAULT} under the table's keys)
 * @param quiet      the quiet-host thresholds
 * @param benchmarks per benchmark, the keys its table sets
 */
public record IntegritySettings(Measurement defaults, QuietThresholds quiet, Map<String, Measurement> benchmarks) {

    public static final String TABLE = "integrity";
    public static final IntegritySettings DEFAULT = new IntegritySettings(Measurement.DEFAULT, QuietThresholds.DEFAULT, Map.of());

    public IntegritySettings {
        benchmarks = Map.copyOf(benchmarks);
    }

    /** The settings of a loaded config ({@link #DEFAULT} when it has no {@code [integrity]} or was built in code). */
    public static IntegritySettings of(AutomationConfig config) {
        return config.table(TABLE, IntegritySettings.class, DEFAULT);
    }

    /** How {@code spec}'s benchmark is measured: its own table's keys, then {@code [integrity.benchmarks.NAME]}, then the defaults. */
    public Measurement measurement(AdapterSpec spec) {
        return spec.own().measurement().orElse(benchmarks.getOrDefault(spec.name(), Measurement.NONE)).orElse(defaults);
    }

    public static final TableBinder<IntegritySettings> BINDER = new TableBinder<>() {
        @Override
        public String table() {
            return TABLE;
        }

        @Override
        public IntegritySettings bind(TomlSection s, AutomationConfig config) {
            Set<String> keys = new TreeSet<>(Measurement.KEYS);
            keys.add("quiet");
            keys.add("benchmarks");
            s.allowOnly(keys);
            Measurement defaults = Measurement.bind(s).orElse(Measurement.DEFAULT);
            if (defaults.minRuns() > defaults.maxRuns()) {
                s.problem("min_runs", "min_runs = " + defaults.minRuns() + " is above max_runs = " + defaults.maxRuns(),
                        "make min_runs at most max_runs (defaults: 3 and 10)");
            }
            Map<String, Measurement> perBenchmark = new LinkedHashMap<>();
            for (Map.Entry<String, TomlSection> e : s.table("benchmarks").subTables()) {
                e.getValue().allowOnly(Measurement.KEYS);
                perBenchmark.put(e.getKey(), Measurement.bind(e.getValue()));
            }
            return new IntegritySettings(defaults, QuietThresholds.bind(s.table("quiet")), perBenchmark);
        }
    };
}
