package org.sth.automation.host;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PackageManagersTest {

    @ParameterizedTest
    @CsvSource({
        "apt-get, sudo apt-get install -y hwloc-nox numactl",
        "dnf, sudo dnf install -y hwloc numactl",
        "yum, sudo yum install -y hwloc numactl",
        "zypper, sudo zypper install -y hwloc numactl",
        "pacman, sudo pacman -S --noconfirm hwloc numactl",
        "apk, sudo apk add hwloc-tools numactl"})
    void installCommandFitsThePackageManager(String manager, String expected) {
        assertThat(PackageManagers.installCommand(manager, List.of("lstopo", "numactl"))).isEqualTo(expected);
    }

    @ParameterizedTest
    @CsvSource({"lscpu, util-linux", "lsblk, util-linux", "lspci, pciutils", "ip, iproute2", "dmidecode, dmidecode"})
    void debianPackagesOfCommonTools(String command, String pkg) {
        assertThat(PackageManagers.packageFor("apt-get", command)).isEqualTo(pkg);
    }

    @org.junit.jupiter.api.Test
    void nothingMissingMeansNoCommand() {
        assertThat(PackageManagers.installCommand("apt-get", List.of())).isNull();
    }

    @ParameterizedTest
    @CsvSource({"cat, coreutils", "sh, dash", "sleep, coreutils", "pgrep, procps", "df, coreutils", "uname, coreutils"})
    void baseCommandsMapToTheirPackageNotTheirName(String command, String pkg) {
        // given a command of the base system (issue 25: expected_packages listed cat and sh next to coreutils)
        // when
        String found = PackageManagers.packageFor("apt-get", command);

        // then
        assertThat(found).isEqualTo(pkg);
        assertThat(PackageManagers.installCommand("apt-get", List.of("uname", "cat", "df"))).isEqualTo("sudo apt-get install -y coreutils");
    }
}
