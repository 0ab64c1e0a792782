package org.sth.automation.adapter.sysinfo;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class InstallHintsTest {

    @ParameterizedTest
    @CsvSource({
        "numactl, numactl",
        "lspci, pciutils",
        "lshw, lshw",
        "dmidecode, dmidecode",
        "lstopo, hwloc-nox",
        "lscpu, util-linux",
        "lsblk, util-linux",
        "ip, iproute2",
        "lstopo --of xml, hwloc-nox",
        "/usr/sbin/dmidecode -t memory, dmidecode",
        "'lscpu -p=CPU,CORE,SOCKET,NODE,ONLINE', util-linux"
    })
    void mapsEachProgramToItsAptPackage(String command, String expectedPackage) {
        // given / when / then
        assertThat(InstallHints.aptPackageFor(command)).contains(expectedPackage);
    }

    @ParameterizedTest
    @ValueSource(strings = {"cat /proc/cpuinfo", "uname -a", "df -T", "", " "})
    void hasNoPackageForCoreUtilities(String command) {
        // given / when / then
        assertThat(InstallHints.aptPackageFor(command)).isEmpty();
    }

    @Test
    void coversEveryProgramOfTheCaptureListThatIsNotCoreutils() {
        // given / when / then
        assertThat(SystemInfoCaptures.ALL).extracting(CaptureSpec::program)
                .filteredOn(p -> !p.equals("cat") && !p.equals("uname") && !p.equals("df"))
                .allSatisfy(p -> assertThat(InstallHints.aptPackageFor(p)).as(p).isPresent());
    }

    @Test
    void buildsTheInstallCommand() {
        // given / when / then
        assertThat(InstallHints.installCommandFor("ip addr")).contains("sudo apt-get install -y iproute2");
        assertThat(InstallHints.aptPackageFor(null)).isEmpty();
    }

    @Test
    void unrecognisedStderrGivesNoHint() {
        // given
        CaptureSpec spec = SystemInfoCaptures.byId("numactl").orElseThrow();

        // when / then
        assertThat(InstallHints.reasonFor(spec, "No NUMA available on this system")).isEmpty();
        assertThat(InstallHints.reasonFor(spec, null)).isEmpty();
        assertThat(InstallHints.reasonFor(spec, "bash: line 1: numactl: command not found"))
                .contains("numactl not installed: sudo apt-get install -y numactl");
    }
}
