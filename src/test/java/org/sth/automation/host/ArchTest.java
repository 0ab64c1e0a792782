package org.sth.automation.host;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ArchTest {

    @ParameterizedTest
    @CsvSource({"arm64,aarch64", "AARCH64,aarch64", "amd64,x86_64", "x86_64,x86_64", "x64,x86_64", "' x86_64 ',x86_64", "noarch,any",
            "riscv64,riscv64", "'',unknown"})
    void aliasesNormalizeToOneName(String raw, String expected) {
        // when / then
        assertThat(Arch.normalize(raw)).isEqualTo(expected);
    }

    @Test
    void discoveryUsesTheSameNormalization() {
        // when / then
        assertThat(HostDiscovery.normalizeArch("arm64")).isEqualTo(Arch.normalize("arm64")).isEqualTo("aarch64");
    }

    @Test
    void anyBundleRunsEverywhereOthersOnlyOnTheirArch() {
        // when / then
        assertThat(Arch.runsOn("any", "aarch64")).isTrue();
        assertThat(Arch.runsOn("amd64", "x86_64")).isTrue();
        assertThat(Arch.runsOn("arm64", "x86_64")).isFalse();
    }
}
