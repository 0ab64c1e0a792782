package org.sth.automation.adapter.latency;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The heatmap has one coloured cell per measured pair, the slowest darkest, and a scale in ns. */
class LatencyHeatmapTest {

    @Test
    void eachMeasuredPairIsACellColouredByItsLatency() {
        // given the recorded 24-CPU i9-12900K matrix (symmetric: lower triangle measured)
        LatencyMatrix m = LatencyCsvParser.parse(LatencyData.read(LatencyData.I9_12900K));

        // when
        String svg = LatencyHeatmap.svg(m, "Core-to-core latency on <i9>");

        // then
        assertThat(svg).startsWith("<svg").contains("24 CPUs, 276 pairs measured", "&lt;i9&gt;").endsWith("</svg>\n");
        assertThat(svg.split("<title>CPU ", -1)).hasSize(m.measured().size() + 1);
        assertThat(LatencyHeatmap.colour(1, 1, 9)).isEqualTo("#fff7bc");
        assertThat(LatencyHeatmap.colour(9, 1, 9)).isEqualTo("#3c0a3c");
    }
}
