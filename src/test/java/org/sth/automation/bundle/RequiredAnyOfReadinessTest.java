package org.sth.automation.bundle;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.sth.automation.host.DryFacts;
import org.sth.automation.host.HostFacts;
import org.sth.automation.host.LiveFacts;
import org.sth.automation.io.Json;

/** A benchmark that pins CPUs needs taskset or numactl: one of a group, in dry and live readiness alike. */
class RequiredAnyOfReadinessTest {

    private static final Needs PINNED = new Needs("pinned", "pinned", List.of("sh"), List.of(), Packaging.NONE)
            .withRequiredAnyOf(List.of(List.of("taskset", "numactl")));

    @TempDir
    Path tmp;

    private static HostFacts live(String pm, String commands) {
        ObjectNode inv = Json.object().put("arch", "x86_64").put("package_manager", pm);
        StringBuilder probe = new StringBuilder();
        for (String c : commands.split(" ")) {
            probe.append("have ").append(c).append('\n');
        }
        return LiveFacts.from(inv, probe + "missing zzz\n");
    }

    private static HostFacts dry(String pm, String commands) {
        return DryFacts.from(Map.of("arch", "x86_64", "package_manager", pm, "commands", commands));
    }

    @ParameterizedTest(name = "{1} -> {2}")
    @CsvSource({
        "apt-get, sh taskset,         ready",
        "apt-get, sh numactl,         ready",
        "apt-get, sh taskset numactl, ready",
        "apt-get, sh,                 missing_runtime_dependencies",
        "dnf,     sh,                 missing_runtime_dependencies"})
    void oneCommandOfTheGroupIsEnough(String pm, String commands, String expected) {
        // given
        BundleSources none = BundleSources.cacheOnly(tmp);

        // when
        Readiness viaLive = StagingReadiness.assess(PINNED, live(pm, commands), none).readiness();
        Readiness viaDry = StagingReadiness.assess(PINNED, dry(pm, commands), none).readiness();

        // then
        assertThat(viaLive.status().id()).isEqualTo(expected);
        assertThat(viaDry).isEqualTo(viaLive);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "apt-get, sudo apt-get install -y util-linux",
        "apk,     sudo apk add util-linux-misc"})
    void aHostWithNeitherIsToldWhichToInstallAndThatEitherWillDo(String pm, String install) {
        // when
        Readiness r = StagingReadiness.assess(PINNED, live(pm, "sh"), BundleSources.cacheOnly(tmp)).readiness();

        // then
        assertThat(r.status()).isEqualTo(ReadinessStatus.MISSING_RUNTIME_DEPENDENCIES);
        assertThat(r.statusBasis()).startsWith("required commands missing: one of taskset, numactl");
        assertThat(r.missingRequired()).containsExactly("taskset");
        assertThat(r.missingOneOf()).containsExactly(List.of("taskset", "numactl"));
        assertThat(r.installCommand()).isEqualTo(install);
        assertThat(r.toJson().path("missing_one_of").get(0).get(1).asText()).isEqualTo("numactl");
    }
}
