package org.sth.automation.observe;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The timeline SVG shows a run's phases as bars, its heartbeats as ticks, and marks failures and ceilings. */
class TimelineSvgTest {

    private static String line(String ts, String rest) {
        return "{\"ts\":\"" + ts + "\",\"run_id\":\"h-1\"," + rest + "}\n";
    }

    @Test
    void phasesBecomeBarsHeartbeatsTicksAndFailuresAndCeilingsMarks(@TempDir Path dir) throws Exception {
        // given a run that discovered, then hit its ceiling in execute, and was resumed
        Files.writeString(dir.resolve("events.jsonl"),
                line("2026-01-01T00:00:00Z", "\"event\":\"run_created\"")
                + line("2026-01-01T00:00:01Z", "\"event\":\"phase_entered\",\"phase\":\"discover\",\"attempt\":1")
                + line("2026-01-01T00:00:05Z", "\"event\":\"phase_left\",\"phase\":\"discover\",\"outcome\":\"completed\"")
                + line("2026-01-01T00:00:06Z", "\"event\":\"phase_entered\",\"phase\":\"execute\",\"attempt\":1")
                + line("2026-01-01T00:00:08Z", "\"event\":\"heartbeat\",\"phase\":\"execute\",\"adapter\":\"latency\"")
                + line("2026-01-01T00:00:10Z", "\"event\":\"heartbeat\",\"phase\":\"execute\",\"adapter\":\"latency\"")
                + line("2026-01-01T00:00:11Z", "\"event\":\"step_finished\",\"phase\":\"execute\",\"adapter\":\"latency\",\"outcome\":\"terminated\"")
                + line("2026-01-01T00:00:12Z", "\"event\":\"step_finished\",\"phase\":\"execute\",\"adapter\":\"geekbench\",\"outcome\":\"failed\"")
                + line("2026-01-01T00:00:13Z", "\"event\":\"phase_left\",\"phase\":\"execute\",\"outcome\":\"completed\"")
                + "{\"ts\":\"2026-01-01T00:00:14Z\",\"torn");

        // when
        String svg = TimelineSvg.render(List.of(new TimelineSvg.Lane("turind8", "h-1", Timeline.of(dir))), Instant.parse("2026-01-01T00:01:00Z"));

        // then
        assertThat(svg).startsWith("<svg").contains("data-host=\"turind8\"")
                .contains("data-phase=\"discover\" data-outcome=\"completed\"", "data-phase=\"execute\" data-outcome=\"completed\"")
                .contains("data-mark=\"ceiling\"", "data-mark=\"failed\"")
                .doesNotContain("data-phase=\"publish\"");
        assertThat(svg.split("class=\"beat\"", -1)).hasSize(3);
    }

    @Test
    void phaseNamesFromTheLedgerAreEscapedInTheSvg(@TempDir Path dir) throws Exception {
        // given a ledger whose phase names carry markup (a damaged or hostile events.jsonl)
        String hostile = "\\\"><script>alert(1)</script><x a=\\\"";
        Files.writeString(dir.resolve("events.jsonl"),
                line("2026-01-01T00:00:01Z", "\"event\":\"phase_entered\",\"phase\":\"" + hostile + "\",\"attempt\":1")
                + line("2026-01-01T00:00:02Z", "\"event\":\"step_finished\",\"phase\":\"" + hostile + "\",\"adapter\":\"a\",\"outcome\":\"failed\"")
                + line("2026-01-01T00:00:03Z", "\"event\":\"run_interrupted\",\"phase\":\"" + hostile + "\",\"reason\":\"<b>r</b>\""));

        // when
        String svg = TimelineSvg.render(List.of(new TimelineSvg.Lane("h", "h-1", Timeline.of(dir))), Instant.parse("2026-01-01T00:01:00Z"));

        // then the names are text, never markup, and the picture is still drawn
        assertThat(svg).doesNotContain("<script>", "<x a=", "<b>").contains("&lt;script&gt;alert(1)&lt;/script&gt;", "&quot;&gt;")
                .contains("data-mark=\"failed\"", "data-mark=\"interrupted\"").endsWith("</svg>\n");
    }

    @Test
    void anOpenPhaseRunsToNowAndTheLedgerIsReadIncrementally(@TempDir Path dir) throws Exception {
        // given a run in execute
        Path events = dir.resolve("events.jsonl");
        Files.writeString(events, line("2026-01-01T00:00:00Z", "\"event\":\"phase_entered\",\"phase\":\"execute\",\"attempt\":1"));
        assertThat(Timeline.of(dir).bars()).singleElement().satisfies(b -> assertThat(b.left()).isNull());

        // when it is interrupted
        Files.writeString(events, line("2026-01-01T00:00:09Z", "\"event\":\"run_interrupted\",\"reason\":\"operator\""),
                java.nio.file.StandardOpenOption.APPEND);

        // then the bar ends there, marked
        Timeline t = Timeline.of(dir);
        assertThat(t.bars()).singleElement().satisfies(b -> assertThat(b.outcome()).isEqualTo("interrupted"));
        assertThat(t.marks()).extracting(Timeline.Mark::kind).containsExactly("interrupted");
    }
}
