package org.sth.automation.engine.intake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RunRequestTest {

    @Test
    void tomlAndJsonRequestsParseToTheSameRequest() {
        RunRequest toml = RunRequest.parse("r.toml", "request_id = \"c-1\"\nhosts = [\"turind8\"]\nbenchmarks = [\"system-info\"]\n");
        RunRequest json = RunRequest.parse("r.json", "{\"request_id\": \"c-1\", \"host\": \"turind8\", \"benchmarks\": \"system-info\"}");
        assertThat(toml).isEqualTo(json);
        assertThat(toml.allowProtected()).isFalse();
    }

    @Test
    void commaSeparatedListsAreAccepted() {
        RunRequest r = RunRequest.parse("r.json", "{\"hosts\": \"a, b\", \"benchmarks\": \"system-info,latency\", \"allow_protected\": true}");
        assertThat(r.hosts()).containsExactly("a", "b");
        assertThat(r.benchmarks()).containsExactly("system-info", "latency");
        assertThat(r.allowProtected()).isTrue();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "r.json | {\"hosts\": [\"a\"] | invalid or truncated JSON",
        "r.toml | hosts = [\"a\" | TOML syntax error at line 1",
        "r.toml | benchmarks = [\"system-info\"] | hosts: no host given",
        "r.toml | hosts = [\"a\"] | benchmarks: no benchmark given",
        "r.toml | hosts = [\"a\"]\\nbenchmarks = [\"x\"]\\nhostz = 1 | hostz: unknown key",
        "r.json | {\"hosts\": [1], \"benchmarks\": [\"x\"]} | every entry must be a non-empty string",
        "r.yaml | hosts: [a] | unsupported request type",
        "r.json | [1] | expected a JSON object"})
    void badRequestsNameFileKeyAndFix(String file, String text, String expected) {
        assertThatThrownBy(() -> RunRequest.parse(file, text.replace("\\n", "\n")))
                .isInstanceOf(RequestRejectedException.class)
                .hasMessageContaining(file).hasMessageContaining(expected).hasMessageContaining("fix:");
    }
}
