package org.sth.automation.adapter.sysinfo;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SystemInfoCapturesTest {

    @Test
    void listsTheTwentyFiveCapturesInTheOriginalOrder() {
        // given
        List<String> expected = List.of("uname", "os_release", "lscpu", "lscpu_topology", "lscpu_cache", "cpuinfo",
                "meminfo", "numactl", "lsblk", "df", "ipaddr", "iproute", "lspci", "lspci_verbose", "lshw_network",
                "dmi_system", "dmi_baseboard", "dmi_processor", "dmi_memory", "cmdline", "cpu_governor",
                "transparent_hugepage", "lstopo_text", "lstopo_xml", "lstopo_svg");

        // when
        List<String> ids = SystemInfoCaptures.ALL.stream().map(CaptureSpec::id).toList();

        // then
        assertThat(ids).containsExactlyElementsOf(expected);
    }

    @ParameterizedTest
    @ValueSource(strings = {RealResultSet.AMPONED8, RealResultSet.EVO_X2})
    void matchesEveryCaptureOfThePublishedManifest(String resultSet) {
        // given
        JsonNode captures = RealResultSet.json(resultSet, "manifest.json").get("captures");

        // when / then
        assertThat(captures).hasSize(SystemInfoCaptures.ALL.size());
        for (int i = 0; i < captures.size(); i++) {
            JsonNode published = captures.get(i);
            CaptureSpec spec = SystemInfoCaptures.ALL.get(i);
            assertThat(spec.id()).isEqualTo(published.get("command_id").asText());
            assertThat(spec.command()).isEqualTo(published.get("command").asText());
            assertThat(spec.sudo()).as(spec.id()).isEqualTo(published.get("sudo").asBoolean());
            assertThat(spec.optional()).as(spec.id()).isEqualTo(published.get("optional").asBoolean());
            assertThat(spec.timeout()).as(spec.id()).isEqualTo(Duration.ofSeconds(published.get("timeout").asLong()));
            JsonNode path = published.get("stdout_path").isNull() ? published.get("stderr_path")
                    : published.get("stdout_path");
            assertThat(path.asText()).startsWith(spec.target());
        }
    }

    @Test
    void everyPrivilegedCaptureIsOptional() {
        // given / when / then
        assertThat(SystemInfoCaptures.ALL).filteredOn(CaptureSpec::sudo)
                .extracting(CaptureSpec::id)
                .containsExactly("lspci_verbose", "lshw_network", "dmi_system", "dmi_baseboard", "dmi_processor",
                        "dmi_memory")
                .allSatisfy(id -> assertThat(SystemInfoCaptures.byId(id).orElseThrow().optional()).isTrue());
    }

    @Test
    void stderrGoesNextToTheTarget() {
        // given
        CaptureSpec spec = SystemInfoCaptures.byId("lstopo_xml").orElseThrow();

        // when / then
        assertThat(spec.stderrTarget()).isEqualTo("topology/lstopo.xml.stderr.txt");
        assertThat(spec.program()).isEqualTo("lstopo");
        assertThat(SystemInfoCaptures.byId("nope")).isEmpty();
    }
}
