package org.sth.automation.adapter.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;
import org.sth.automation.adapter.Adapters;
import org.sth.automation.config.AutomationConfig;
import org.sth.automation.config.ConfigException;
import org.sth.automation.config.ConfigValidationException;

/** {@code [integrity]}: defaults, per-benchmark and declared keys, and every absurd value refused with its key and fix. */
class IntegritySettingsTest {

    private static final String BASE = """
            [auth_refs.k]
            type = "agent"
            [[hosts]]
            name = "h1"
            auth_ref = "k"
            [benchmarks.probe]
            command = "echo ops=1 > r.txt"
            results = ["r.txt"]
            parser = "key=value"
            """;

    private static AutomationConfig parse(String toml) {
        return Adapters.parseConfig(BASE + toml, "test.toml", Path.of("/cfg"));
    }

    @Test
    void eachBenchmarkTakesItsOwnKeysThenItsIntegrityTableThenTheDefaults() {
        // given
        AutomationConfig c = parse("""
                [integrity]
                repeat = 3
                quiet_policy = "wait"
                [integrity.quiet]
                sample_window_secs = 0.25
                checks = ["cpu"]
                [integrity.benchmarks.latency]
                repeat = "auto"
                max_runs = 20
                """);
        AdapterRegistry registry = Adapters.registry(c);

        // when
        Measurement latency = registry.measurement("latency", c);
        Measurement sysinfo = registry.measurement("system-info", c);
        Measurement probe = registry.measurement("probe", c);

        // then
        assertThat(latency.auto()).isTrue();
        assertThat(latency.maxRuns()).isEqualTo(20);
        assertThat(latency.minRuns()).isEqualTo(3);
        assertThat(latency.quietPolicy()).isEqualTo(Measurement.QuietPolicy.WAIT);
        assertThat(sysinfo.repeat()).as("no numeric result: runs once").isEqualTo(1);
        assertThat(probe.repeat()).isEqualTo(3);
        assertThat(IntegritySettings.of(c).quiet().window()).isEqualTo(Duration.ofMillis(250));
        assertThat(IntegritySettings.of(c).quiet().checks("governor")).isFalse();
        registry.checkConfig(c);
    }

    @Test
    void aDeclaredBenchmarksOwnRepeatIsUsedAndTheSameKeyInBothPlacesIsRefused() {
        // given
        AutomationConfig c = parse("""
                repeat = "auto"
                max_spread_percent = 2.5
                [integrity.benchmarks.probe]
                repeat = 4
                """);

        // when
        ConfigException e = catchThrowableOfType(() -> Adapters.registry(c).checkConfig(c), ConfigException.class);

        // then
        assertThat(e.key()).isEqualTo("integrity.benchmarks.probe.repeat");
        assertThat(e.fix()).contains("keep one");
        assertThat(IntegritySettings.of(c).measurement(Adapters.registry(c).spec("probe", c)).maxSpreadPercent()).isEqualTo(2.5);
    }

    @Test
    void repeatingABenchmarkWithoutANumberOrAnUnknownOneIsRefused() {
        // given
        AutomationConfig agentsth = parse("[integrity.benchmarks.agentsth]\nrepeat = 3\n");
        AutomationConfig unknown = parse("[integrity.benchmarks.no-such]\nquiet_policy = \"refuse\"\n");

        // when
        ConfigException noNumber = catchThrowableOfType(() -> Adapters.registry(agentsth).checkConfig(agentsth), ConfigException.class);
        ConfigException noBenchmark = catchThrowableOfType(() -> Adapters.registry(unknown).checkConfig(unknown), ConfigException.class);

        // then
        assertThat(noNumber.key()).isEqualTo("integrity.benchmarks.agentsth.repeat");
        assertThat(noNumber.problem()).contains("no numeric result");
        assertThat(noBenchmark.key()).isEqualTo("integrity.benchmarks.no-such");
        assertThat(noBenchmark.fix()).contains("latency", "probe");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "[integrity];repeat = 0|integrity.repeat|below the lower bound of 1",
            "[integrity];repeat = \"often\"|integrity.repeat|neither a number of runs nor \"auto\"",
            "[integrity];repeat = 1001|integrity.repeat|above the upper bound of 1000",
            "[integrity];max_spread_percent = -1|integrity.max_spread_percent|below the lower bound of 0",
            "[integrity];max_spread_percent = nan|integrity.max_spread_percent|not a finite number",
            "[integrity];min_runs = 9;max_runs = 4|integrity.min_runs|above max_runs",
            "[integrity];quiet_policy = \"ignore\"|integrity.quiet_policy|not one of record, wait, refuse",
            "[integrity];quiet_wait_secs = 1e9|integrity.quiet_wait_secs|above the upper bound",
            "[integrity];retries = 2|integrity.retries|unknown",
            "[integrity.quiet];sample_window_secs = 3600|integrity.quiet.sample_window_secs|above the upper bound of 60",
            "[integrity.quiet];max_foreign_cpu_percent = -5|integrity.quiet.max_foreign_cpu_percent|below the lower bound of 0",
            "[integrity.quiet];boost = \"maybe\"|integrity.quiet.boost|not one of",
            "[integrity.quiet];checks = [\"cpu\", \"vibes\"]|integrity.quiet.checks|unknown check 'vibes'",
            "[integrity.quiet];governors = []|integrity.quiet.governors|empty while the governor check is on",
            "[integrity.quiet];top_offenders = 0|integrity.quiet.top_offenders|below the lower bound of 1",
            "[integrity.benchmarks.latency];min_runs = 1|integrity.benchmarks.latency.min_runs|below the lower bound of 2",
            "repeat = -2|benchmarks.probe.repeat|below the lower bound of 1",
    })
    void anAbsurdValueIsRefusedWithItsKeyNeverClamped(String toml, String key, String problem) {
        // when
        List<ConfigException> problems = catchThrowableOfType(() -> parse(toml.replace(";", "\n") + "\n"),
                ConfigValidationException.class).problems();

        // then
        assertThat(problems).anySatisfy(p -> {
            assertThat(p.key()).isEqualTo(key);
            assertThat(p.problem()).contains(problem);
            assertThat(p.fix()).isNotBlank();
            assertThat(p.file()).isEqualTo("test.toml");
        });
    }
}
