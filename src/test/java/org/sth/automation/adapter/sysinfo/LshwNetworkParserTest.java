package org.sth.automation.adapter.sysinfo;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class LshwNetworkParserTest {

    @ParameterizedTest
    @ValueSource(strings = {RealResultSet.AMPONED8, RealResultSet.EVO_X2})
    void reproducesThePublishedInterfacesDespiteProgressTextAndPasswordEcho(String resultSet) {
        // given
        String text = RealResultSet.text(resultSet, "raw/lshw_network.txt");
        JsonNode published = RealResultSet.json(resultSet, "summary.json").get("network").get("interfaces");

        // when
        List<Map<String, String>> interfaces = LshwNetworkParser.interfaces(text);

        // then
        assertThat(interfaces).hasSize(published.size());
        for (int i = 0; i < interfaces.size(); i++) {
            List<String> publishedKeys = new ArrayList<>();
            published.get(i).fieldNames().forEachRemaining(publishedKeys::add);
            assertThat(interfaces.get(i).keySet()).containsExactlyElementsOf(publishedKeys);
            for (String key : publishedKeys) {
                assertThat(interfaces.get(i).get(key)).isEqualTo(published.get(i).get(key).asText());
            }
        }
    }

    @Test
    void readsAmponed8InterfaceNames() {
        // given
        String text = RealResultSet.text(RealResultSet.AMPONED8, "raw/lshw_network.txt");

        // when
        List<Map<String, String>> interfaces = LshwNetworkParser.interfaces(text);

        // then
        assertThat(interfaces).extracting(m -> m.get("logical name"))
                .containsExactly("enP1p3s0f0np0", "enP1p3s0f1np1", "enx02210b7f905a");
    }

    @Test
    void stopsAtABlockOfAnotherClass() {
        // given
        String text = "  *-network\n       logical name: eth0\n  *-usb\n       logical name: usb0\n";

        // when / then
        assertThat(LshwNetworkParser.interfaces(text)).containsExactly(Map.of("logical name", "eth0"));
        assertThat(LshwNetworkParser.interfaces(null)).isEmpty();
    }
}
