package org.sth.automation.adapter.sysinfo;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SystemInfoManifestTest {

    @ParameterizedTest
    @ValueSource(strings = {RealResultSet.AMPONED8, RealResultSet.EVO_X2})
    void reproducesThePublishedManifestApartFromVersionAndReasons(String resultSet) {
        // given
        ObjectNode published = RealResultSet.json(resultSet, "manifest.json");

        // when
        ObjectNode manifest = SystemInfoManifest.build(RealResultSet.capturedAt(published),
                RealResultSet.host(published.get("host")), RealResultSet.capturesFromManifest(published));

        // then
        assertThat(manifest.get("collector_version").asText()).isEqualTo("sth-bench-automation/0.1.0");
        manifest.put("collector_version", published.get("collector_version").asText());
        manifest.get("captures").forEach(c -> ((ObjectNode) c).remove("reason"));
        assertThat(manifest.toString()).isEqualTo(published.toString());
    }

    @ParameterizedTest
    @ValueSource(strings = {RealResultSet.EVO_X2})
    void failedCapturesCarryTheirReasonInTheManifest(String resultSet) {
        // given
        ObjectNode published = RealResultSet.json(resultSet, "manifest.json");

        // when
        ObjectNode manifest = SystemInfoManifest.build(RealResultSet.capturedAt(published),
                RealResultSet.host(published.get("host")), RealResultSet.capturesFromManifest(published));

        // then
        for (JsonNode capture : manifest.get("captures")) {
            boolean captured = "captured".equals(capture.get("status").asText());
            assertThat(capture.get("reason").isNull()).as(capture.get("command_id").asText()).isEqualTo(captured);
            assertThat(capture.get("error").isNull()).isEqualTo(captured);
        }
    }
}
