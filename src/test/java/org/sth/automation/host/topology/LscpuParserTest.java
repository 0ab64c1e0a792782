package org.sth.automation.host.topology;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.sth.automation.adapter.sysinfo.RealResultSet;

class LscpuParserTest {

    @Test
    void lastOccurrenceOfARepeatedKeyWins() {
        // given: hybrid CPUs print one block per core type
        String text = "Model name: Efficient\nCPU max MHz: 3900.0000\nModel name: Performance\nCPU max MHz: 6700.0000\n";

        // when
        Map<String, String> values = LscpuParser.values(text);

        // then
        assertThat(values).containsEntry("CPU max MHz", "6700.0000").containsEntry("Model name", "Performance");
        assertThat(LscpuParser.summary(text).modelNames()).containsExactly("Efficient", "Performance");
        assertThat(LscpuParser.summary(text).displayModel()).isEqualTo("Efficient / Performance");
    }

    @ParameterizedTest
    @CsvSource({
        "'12 MiB (192 instances)', 12288",
        "'768 KiB (16 instances)', 768",
        "'16 MiB (16 instances)', 16384",
        "'64 MiB (2 instances)', 65536",
        "'36 MiB (1 instance)', 36864",
        "'1.5 MiB (4 instances)', 1536",
        "'2 GiB', 2097152",
        "'384M', 393216",
        "'64K', 64",
        "'32768', 32"
    })
    void convertsCacheSizesToKib(String value, long kib) {
        // given / when / then
        assertThat(LscpuParser.sizeToKib(value)).isEqualTo(kib);
    }

    @Test
    void unparseableOrMissingCacheSizeIsNull() {
        // given / when / then
        assertThat(LscpuParser.sizeToKib(null)).isNull();
        assertThat(LscpuParser.sizeToKib("")).isNull();
        assertThat(LscpuParser.sizeToKib("lots")).isNull();
    }

    @Test
    void readsTheRealAmpereOneOutput() {
        // given
        String text = RealResultSet.text(RealResultSet.AMPONED8, "raw/lscpu.txt");

        // when
        Map<String, String> values = LscpuParser.values(text);
        LscpuSummary summary = LscpuParser.summary(text);

        // then
        assertThat(summary).isEqualTo(new LscpuSummary("aarch64", java.util.List.of("Ampere-1a"), 192, 1, 1, 1));
        assertThat(LscpuParser.value(values, "CPU max MHz")).isEqualTo("3200.0000");
        assertThat(LscpuParser.value(values, "CPU MHz")).isNull();
        assertThat(LscpuParser.sizeToKib(LscpuParser.value(values, "L2 cache"))).isEqualTo(393216L);
        assertThat(LscpuParser.value(values, "L3 cache")).isNull();
    }

    @Test
    void readsTheRealStrixHaloOutput() {
        // given
        String text = RealResultSet.text(RealResultSet.EVO_X2, "raw/lscpu.txt");

        // when
        LscpuSummary summary = LscpuParser.summary(text);

        // then
        assertThat(summary.displayModel()).isEqualTo("AMD RYZEN AI MAX+ 395 w/ Radeon 8060S");
        assertThat(summary.threadsPerCore()).isEqualTo(2);
        assertThat(summary.logicalCpuCount()).isEqualTo(32);
        assertThat(LscpuParser.sizeToKib(LscpuParser.value(LscpuParser.values(text), "L3 cache"))).isEqualTo(65536L);
    }

    @Test
    void noModelNameGivesUnknownCpu() {
        // given / when / then
        assertThat(LscpuParser.summary("Architecture: riscv64\n").displayModel()).isEqualTo("Unknown CPU");
        assertThat(LscpuParser.summary(null).architecture()).isEqualTo("unknown");
    }
}
