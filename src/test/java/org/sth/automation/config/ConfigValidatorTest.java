package org.sth.automation.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConfigValidatorTest {

    private static AutomationConfig config(List<HostConfig> hosts, Map<String, AuthRef> refs) {
        Path base = Path.of("/lab");
        return new AutomationConfig(base.resolve("lab.toml"),
                new PathsConfig(base.resolve("runs"), base.resolve("work"), base.resolve("cache"), Map.of()),
                refs, hosts,
                new SshSettings(base.resolve("known_hosts"), SshSettings.HostKeyPolicy.STRICT),
                new ExecutionSettings(Duration.ofSeconds(15), Duration.ofSeconds(3600), Map.of(), List.of("shared"),
                        false),
                Map.of());
    }

    @Test
    void validConfigBuiltInCodeHasNoProblems() {
        // given
        HostConfig host = new HostConfig("turind8", "10.0.0.8", 22, "sthuser", null, List.of(), "key",
                TransportConfig.direct(), RetryPolicy.DEFAULT);

        // when
        List<ConfigException> problems = ConfigValidator.validate(
                config(List.of(host), Map.of("key", new AuthRef("key", AuthRef.Type.AGENT, null))), "in-code");

        // then
        assertThat(problems).isEmpty();
    }

    @Test
    void configBuiltInCodeGetsTheSameChecksAsAFile() {
        // given
        HostConfig host = new HostConfig("turind8", "10.0.0.8", 22, "sthuser", null, List.of(), "key",
                new TransportConfig(TransportConfig.Type.JUMP_CHAIN,
                        List.of(new Hop("thor", "thor", 22, "sthuser", "jump"))),
                new RetryPolicy(1, Duration.ZERO, Duration.ofSeconds(-1), Duration.ofSeconds(1)));

        // when
        List<ConfigException> problems = ConfigValidator.validate(
                config(List.of(host), Map.of("key", new AuthRef("key", AuthRef.Type.AGENT, null))), "in-code");

        // then
        assertThat(problems).extracting(ConfigException::key).containsExactly(
                "hosts[0].transport.hops[0].auth_ref", "hosts[0].retry.connect_timeout_secs");
        assertThat(problems).allSatisfy(p -> assertThat(p.file()).isEqualTo("in-code"));
    }
}
