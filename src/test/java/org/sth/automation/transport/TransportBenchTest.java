package org.sth.automation.transport;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

class TransportBenchTest {

    @Test
    void percentilesUseNearestRankOnTheSortedValues() {
        // given
        long[] oneToHundred = LongStream.rangeClosed(1, 100).toArray();
        long[] fifty = LongStream.rangeClosed(1, 50).toArray();

        // when / then
        assertThat(TransportBench.percentile(oneToHundred, 50)).isEqualTo(50);
        assertThat(TransportBench.percentile(oneToHundred, 95)).isEqualTo(95);
        assertThat(TransportBench.percentile(fifty, 95)).isEqualTo(48);
        assertThat(TransportBench.percentile(new long[] {7}, 95)).isEqualTo(7);
    }

    @Test
    void argumentsNeedConfigAndHostAndRejectUnknownOptions() {
        // when
        var ok = TransportBench.parse(new String[] {"--config", "lab.toml", "--host", "lab-t1", "--commands", "50"});

        // then
        assertThat(ok).containsEntry("--config", "lab.toml").containsEntry("--host", "lab-t1").containsEntry("--commands", "50");
        assertThat(TransportBench.parse(new String[] {"--config", "lab.toml"})).isNull();
        assertThat(TransportBench.parse(new String[] {"--config", "lab.toml", "--host"})).isNull();
        assertThat(TransportBench.parse(new String[] {"--config", "lab.toml", "--host", "h", "--bogus", "1"})).isNull();
    }
}
