package org.sth.automation.adapter.sysinfo;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CpuinfoFlagsTest {

    @Test
    void countsArmFeaturesOfTheFirstCpu() {
        // given
        String cpuinfo = RealResultSet.text(RealResultSet.AMPONED8, "raw/cpuinfo.txt");

        // when / then
        assertThat(CpuinfoFlags.count(cpuinfo)).isEqualTo(39);
        assertThat(CpuinfoFlags.flags(cpuinfo)).startsWith("fp", "asimd").endsWith("ecv");
    }

    @Test
    void countsX86FlagsOfTheFirstCpu() {
        // given
        String cpuinfo = RealResultSet.text(RealResultSet.EVO_X2, "raw/cpuinfo.txt");

        // when / then
        assertThat(CpuinfoFlags.count(cpuinfo)).isEqualTo(166);
        assertThat(CpuinfoFlags.flags(cpuinfo)).contains("avx512f", "sha_ni");
    }

    @Test
    void missingCpuinfoIsNullAndNoFlagsLineIsZero() {
        // given / when / then
        assertThat(CpuinfoFlags.count(null)).isNull();
        assertThat(CpuinfoFlags.count("processor\t: 0\nvendor_id\t: X\n")).isZero();
        assertThat(CpuinfoFlags.count("flags\t: aes avx avx2\r\n")).isEqualTo(3);
    }
}
