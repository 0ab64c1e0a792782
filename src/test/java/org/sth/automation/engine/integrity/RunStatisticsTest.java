package org.sth.automation.engine.integrity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.sth.automation.adapter.spi.Measurement;

/** The statistics repeated runs are judged by: median, sample deviation and the spread in % of the mean. */
class RunStatisticsTest {

    @Test
    void runsAgreeWhenEveryMetricsSpreadIsWithinTheThreshold() {
        // given four runs of two metrics, the second run an outlier in ops
        List<Map<String, Double>> runs = List.of(Map.of("ops", 100.0, "ns", 50.0), Map.of("ops", 110.0, "ns", 50.0),
                Map.of("ops", 100.0, "ns", 51.0), Map.of("ops", 100.0, "ns", 50.0));

        // when
        RunStatistics three = RunStatistics.of(runs.subList(0, 3));
        RunStatistics four = RunStatistics.of(runs);

        // then 100/110/100 spread 5.59 %, with a fourth 100 it is 4.88 %
        assertThat(three.metrics().get("ops").spreadPercent()).isCloseTo(5.587, offset(0.001));
        assertThat(three.verdict(3, 5)).isEqualTo(RunStatistics.SPREAD_ABOVE_THRESHOLD);
        assertThat(four.metrics().get("ops").median()).isEqualTo(100.0);
        assertThat(four.metrics().get("ops").stddev()).isEqualTo(5.0);
        assertThat(four.metrics().get("ops").spreadPercent()).isCloseTo(4.878, offset(0.001));
        assertThat(four.verdict(4, 5)).isEqualTo(RunStatistics.AGREED);
        assertThat(four.largestSpread()).isCloseTo(4.878, offset(0.001));
    }

    @Test
    void oneRunANumberlessResultAndAZeroMeanAreNeverCalledAgreed() {
        // when / then
        assertThat(RunStatistics.of(List.of(Map.of("ops", 1.0))).verdict(1, 5)).isEqualTo(RunStatistics.TOO_FEW_RUNS);
        assertThat(RunStatistics.of(List.of(Map.of(), Map.of())).verdict(2, 5)).isEqualTo(RunStatistics.NO_NUMBERS);
        RunStatistics zero = RunStatistics.of(List.of(Map.of("delta", -1.0), Map.of("delta", 1.0)));
        assertThat(zero.verdict(2, 1000)).isEqualTo(RunStatistics.SPREAD_ABOVE_THRESHOLD);
        assertThat(zero.toJson().path("delta").path("spread_percent").isNull()).isTrue();
    }

    @Test
    void theSummarySaysWhyItStoppedAndFlagsWhatDidNotAgree() {
        // given
        Measurement auto = new Measurement(Measurement.QuietPolicy.RECORD, null, Measurement.AUTO, 5.0, 3, 5);

        // when
        var summary = Repetitions.summary(auto, List.of(Map.of("ops", 100.0), Map.of("ops", 200.0)), "max_runs");

        // then
        assertThat(summary.path("repeat").asText()).isEqualTo("auto");
        assertThat(summary.path("verdict").asText()).isEqualTo("spread_above_threshold");
        assertThat(summary.path("flagged").asBoolean()).isTrue();
        assertThat(summary.path("metrics").path("ops").path("median").asDouble()).isEqualTo(150.0);
    }
}
