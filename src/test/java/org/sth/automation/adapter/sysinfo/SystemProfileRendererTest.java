package org.sth.automation.adapter.sysinfo;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SystemProfileRendererTest {

    @TempDir
    Path dir;

    @Test
    void rendersThePublishedEvoX2ProfileByteForByteFromThePublishedSummary() {
        // given
        ObjectNode summary = RealResultSet.json(RealResultSet.EVO_X2, "summary.json");

        // when
        String profile = SystemProfileRenderer.render(summary);

        // then
        assertThat(profile).isEqualTo(RealResultSet.text(RealResultSet.EVO_X2, "system_profile.md"));
    }

    @Test
    void rendersThePublishedEvoX2ProfileFromOurOwnSummaryOfTheRawFiles() {
        // given
        JsonNode manifest = RealResultSet.json(RealResultSet.EVO_X2, "manifest.json");
        RealResultSet.copyRaw(RealResultSet.EVO_X2, dir);
        ObjectNode summary = SystemInfoSummary.build(dir, RealResultSet.host(manifest.get("host")),
                RealResultSet.capturedAt(manifest), RealResultSet.capturesFromManifest(manifest));

        // when
        String profile = SystemProfileRenderer.render(summary);

        // then
        assertThat(profile).isEqualTo(RealResultSet.text(RealResultSet.EVO_X2, "system_profile.md"));
    }

    @Test
    void amponed8ProfileHasTheSameCpuStorageAndNetworkSectionsAsPublished() {
        // given
        JsonNode manifest = RealResultSet.json(RealResultSet.AMPONED8, "manifest.json");
        RealResultSet.copyRaw(RealResultSet.AMPONED8, dir);
        ObjectNode summary = SystemInfoSummary.build(dir, RealResultSet.host(manifest.get("host")),
                RealResultSet.capturedAt(manifest), RealResultSet.capturesFromManifest(manifest));
        String published = RealResultSet.text(RealResultSet.AMPONED8, "system_profile.md");

        // when
        String profile = SystemProfileRenderer.render(summary);

        // then
        assertThat(profile).contains(section(published, "## Identification", "## Memory"))
                .contains(section(published, "## Storage", "## Artifacts"))
                .contains("| Total memory | 502.3 GiB |", "| DIMM capacities | 8 x 64 GB |", "| L3 cache | Unknown KiB |");
    }

    @Test
    void missingValuesPrintUnknownAndEmptyTablesADash() {
        // given
        ObjectNode summary = SystemInfoSummary.build(dir, new HostInfo("ghost", null, null, "u", 22, List.of()),
                Instant.parse("2026-01-02T03:04:05Z"), List.of());

        // when
        String profile = SystemProfileRenderer.render(summary);

        // then
        assertThat(profile).contains("| Tags | — |", "| OS | Unknown |", "| Model | Unknown |",
                "| L1d cache | Unknown KiB |", "| Total memory | Unknown GiB |", "| Populated DIMMs / devices | Unknown / Unknown |",
                "| — | — | — | — |").endsWith("- Topology artifacts are stored under `topology/`.\n");
        assertThat(SystemProfileRenderer.render(JsonNodeFactory.instance.objectNode())).startsWith("# System Profile: Unknown");
    }

    @Test
    void escapesPipesInsideValues() {
        // given
        ObjectNode summary = JsonNodeFactory.instance.objectNode();
        summary.putObject("host").put("name", "lab").put("hostname", "a|b");

        // when
        String profile = SystemProfileRenderer.render(summary);

        // then
        assertThat(profile).contains("| Target hostname | a\\|b |");
    }

    private static String section(String markdown, String from, String to) {
        return markdown.substring(markdown.indexOf(from), markdown.indexOf(to));
    }
}
