package org.sth.automation.adapter.declared;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.sth.automation.adapter.Adapters;
import org.sth.automation.adapter.spi.AdapterSpec;
import org.sth.automation.config.AutomationConfig;
import org.sth.automation.config.ConfigException;
import org.sth.automation.config.ConfigValidationException;

class DeclaredBenchmarksTest {

    private static final String BASE = """
            [auth_refs.k]
            type = "agent"
            [[hosts]]
            name = "h1"
            auth_ref = "k"
            """;

    private static AutomationConfig parse(String toml) {
        return Adapters.parseConfig(BASE + toml, "test.toml", Path.of("/cfg"));
    }

    private static List<ConfigException> problems(String toml) {
        return catchThrowableOfType(() -> parse(toml), ConfigValidationException.class).problems();
    }

    @Test
    void aDeclaredBenchmarkIsAnAdapterOfTheConfigWithItsOwnSettings() {
        // when
        AutomationConfig c = parse("""
                [execution]
                max_execution_secs = 600
                [benchmarks.fio-seq]
                command = "fio --name=seq --rw=read --size=64m --output-format=json --output=fio.json"
                requires = ["fio"]
                packages = { fio = "fio" }
                ceiling_secs = 120
                heartbeat_secs = 5
                results = ["fio.json"]
                parser = "json"
                [benchmarks.plain]
                command = "true"
                results = ["x"]
                """);

        // then
        AdapterSpec spec = Adapters.registry(c).spec("fio-seq", c);
        assertThat(spec.requiredCommands()).containsExactly("fio");
        assertThat(spec.ceiling(c.execution())).isEqualTo(Duration.ofSeconds(120));
        assertThat(spec.heartbeat(c.execution())).isEqualTo(Duration.ofSeconds(5));
        assertThat(spec.resultFiles()).containsExactly("fio.json", "summary.json");
        assertThat(spec.needs().packageHints()).containsEntry("fio", "fio");
        assertThat(spec.publishTargetKey()).isEqualTo("fio-seq");
        assertThat(spec.repoPathKey()).isEqualTo("fio_seq");
        AdapterSpec plain = Adapters.registry(c).spec("plain", c);
        assertThat(plain.ceiling(c.execution())).as("no ceiling of its own: the execution default").isEqualTo(Duration.ofSeconds(600));
        assertThat(Adapters.registry(c).names()).contains("system-info", "fio-seq", "plain");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "[benchmarks.a]\\ncommand = \"x\"\\nscript = \"run.sh\"\\nresults = [\"r\"] | benchmarks.a.script | command and script are both set",
        "[benchmarks.a]\\nresults = [\"r\"] | benchmarks.a.command | needs a command or a script",
        "[benchmarks.a]\\nscript = \"run.sh\"\\nresults = [\"r\"] | benchmarks.a.script | needs a bundle",
        "[benchmarks.a]\\ncommand = \"x\" | benchmarks.a.results | at least one result file",
        "[benchmarks.a]\\ncommand = \"x\"\\nresults = [\"../etc/passwd\"] | benchmarks.a.results | not a relative path",
        "[benchmarks.a]\\ncommand = \"x\"\\nresults = [\"r; rm -rf /\"] | benchmarks.a.results | not a relative path",
        "[benchmarks.Bad_Name]\\ncommand = \"x\"\\nresults = [\"r\"] | benchmarks.Bad_Name | lower-case letters",
        "[benchmarks.system-info]\\ncommand = \"x\"\\nresults = [\"r\"] | benchmarks.system-info | is a built-in benchmark",
        "[benchmarks.a]\\ncommand = \"x\"\\nresults = [\"r\"]\\nceiling_secs = 1e308 | benchmarks.a.ceiling_secs | at most 604800",
        "[benchmarks.a]\\ncommand = \"x\"\\nresults = [\"r\"]\\nheartbeat_secs = 0 | benchmarks.a.heartbeat_secs | more than 0",
        "[benchmarks.a]\\ncommand = \"x\"\\nresults = [\"r\"]\\nparser = \"yaml\" | benchmarks.a.parser | is not one of",
        "[benchmarks.a]\\ncommand = \"x\"\\nresults = [\"r\"]\\n[benchmarks.a.parser]\\ntype = \"json\"\\nfile = \"other\" | benchmarks.a.parser.file | not one of the results",
        "[benchmarks.a]\\ncommand = \"x\"\\nresults = [\"r\"]\\n[benchmarks.a.parser]\\ntype = \"regex\"\\n[benchmarks.a.parser.patterns]\\nops = \"ops [0-9]+\" | benchmarks.a.parser.patterns.ops | no capture group",
        "[benchmarks.a]\\ncommand = \"x\"\\nresults = [\"r\"]\\nrequires = [\"fio\"]\\npackages = { stress = \"s\" } | benchmarks.a.packages.stress | not one of requires",
        "[benchmarks.a]\\ncommand = \"x\"\\nresults = [\"r\"]\\nceiling_secs = 5\\n[execution.max_execution_secs_per_adapter]\\na = 9 | benchmarks.a.ceiling_secs | set twice",
        "[benchmarks.a]\\ncommand = \"x\"\\nresults = [\"r\"]\\nretries = 3 | benchmarks.a.retries | unknown key"})
    void everyMistakeNamesTheKeyAndTheFix(String toml, String key, String problem) {
        // when
        List<ConfigException> found = problems(toml.replace("\\n", "\n"));

        // then
        assertThat(found).as(found.toString()).anySatisfy(p -> {
            assertThat(p.key()).isEqualTo(key);
            assertThat(p.problem()).contains(problem);
            assertThat(p.fix()).isNotBlank();
        });
    }

    @Test
    void aRegexParserReadsNamedValuesAndSaysWhichItMissed() {
        // given
        AutomationConfig c = parse("""
                [benchmarks.stress]
                command = "stress-ng --cpu 1 --metrics-brief > out.txt 2>&1"
                results = ["out.txt"]
                [benchmarks.stress.parser]
                type = "regex"
                [benchmarks.stress.parser.patterns]
                bogo_ops = "cpu\\\\s+(\\\\d+)\\\\s"
                missing_one = "never here ([0-9]+)"
                """);
        ResultParser p = DeclaredBenchmarks.of(c).get("stress").parser();

        // when
        var values = p.parse("stress-ng: info: [1] stressor  bogo ops\nstress-ng: info: [1] cpu  12345  10.00\n");

        // then
        assertThat(values.path("bogo_ops").asInt()).isEqualTo(12345);
        assertThat(p.missing(values)).containsExactly("missing_one");
    }
}
