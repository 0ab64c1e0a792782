package org.sth.automation.bundle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.sth.automation.adapter.Adapters;
import org.sth.automation.adapter.spi.AdapterRegistry;
import org.sth.automation.adapter.spi.AdapterSpec;
import org.sth.automation.config.AutomationConfig;
import org.sth.automation.config.ConfigException;
import org.sth.automation.config.ConfigLoader;
import org.sth.automation.host.DryFacts;
import org.sth.automation.host.HostFacts;
import org.sth.automation.host.LiveFacts;
import org.sth.automation.io.Json;

/**
 * The real system-info adapter on a host without {@code lstopo}: what {@code validate --scope all} and live
 * preflight both call, on the same raw facts, for every package manager; and the operator's way to accept it.
 */
class RequiredToolReadinessTest {

    private static final AdapterRegistry ADAPTERS = Adapters.builtIns();
    private static final AdapterSpec SYSTEM_INFO = ADAPTERS.require("system-info").spec();
    private static final String HOST = """
            [auth_refs.key]
            type = "key_file"
            value = "id_ed25519"

            [[hosts]]
            name = "box"
            hostname = "10.0.0.5"
            auth_ref = "key"
            """;

    @TempDir
    Path tmp;

    private AutomationConfig config(String extra) {
        return ConfigLoader.parse(HOST + extra, "test.toml", tmp);
    }

    /** Every command system-info names except the missing one, as the live probe reports it. */
    private static HostFacts live(String packageManager, String missing) {
        ObjectNode inv = Json.object().put("arch", "x86_64").put("arch_raw", "x86_64").put("package_manager", packageManager);
        String probe = Stream.concat(SYSTEM_INFO.requiredCommands().stream(), SYSTEM_INFO.optionalCommands().stream())
                .map(c -> (c.equals(missing) ? "missing " : "have ") + c).collect(Collectors.joining("\n")) + "\ntmp_free_kib 1000";
        return LiveFacts.from(inv, probe);
    }

    private static HostFacts dry(String packageManager, String missing) {
        String present = Stream.concat(SYSTEM_INFO.requiredCommands().stream(), SYSTEM_INFO.optionalCommands().stream())
                .filter(c -> !c.equals(missing)).collect(Collectors.joining(", "));
        return DryFacts.from(Map.of("arch", "x86_64", "package_manager", packageManager, "commands", present, "reachable", "true"));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "apt-get, sudo apt-get install -y hwloc-nox",
        "dnf,     sudo dnf install -y hwloc",
        "yum,     sudo yum install -y hwloc",
        "zypper,  sudo zypper install -y hwloc",
        "pacman,  sudo pacman -S --noconfirm hwloc",
        "apk,     sudo apk add hwloc-tools"})
    void missingLstopoIsAMissingRuntimeDependencyWithTheInstallCommandForThePackageManager(String manager, String install) {
        // given
        AutomationConfig cfg = config("");

        // when the live probe and the same facts given dry are classified
        StagingReadiness.Assessment viaLive = StagingReadiness.assess(cfg, SYSTEM_INFO.needs(), live(manager, "lstopo"));
        StagingReadiness.Assessment viaDry = StagingReadiness.assess(cfg, SYSTEM_INFO.needs(), dry(manager, "lstopo"));

        // then
        assertThat(viaDry.toJson()).isEqualTo(viaLive.toJson());
        Readiness r = viaLive.readiness();
        assertThat(r.status()).isEqualTo(ReadinessStatus.MISSING_RUNTIME_DEPENDENCIES);
        assertThat(r.missingRequired()).containsExactly("lstopo");
        assertThat(r.installCommand()).isEqualTo(install);
        assertThat(r.statusBasis()).startsWith("required commands missing: lstopo");
        assertThat(ReadinessStatus.MISSING_RUNTIME_DEPENDENCIES.runnable()).isFalse();
    }

    @Test
    void anOptionalToolMissingStaysReadyWithItsInstallCommand() {
        // when
        Readiness r = StagingReadiness.assess(config(""), SYSTEM_INFO.needs(), live("apt-get", "numactl")).readiness();

        // then
        assertThat(r.status()).isEqualTo(ReadinessStatus.READY);
        assertThat(r.missingOptional()).containsExactly("numactl");
        assertThat(r.installCommand()).isEqualTo("sudo apt-get install -y numactl");
    }

    @Test
    void theOperatorCanAcceptARequiredToolMissing() {
        // given
        AutomationConfig cfg = config("""
                [execution.allow_missing_commands]
                system-info = ["lstopo"]
                """);

        // when
        ADAPTERS.checkConfig(cfg);
        Readiness r = StagingReadiness.assess(cfg, SYSTEM_INFO.needs(), live("apt-get", "lstopo")).readiness();

        // then it runs, and the report still says what is missing and how to install it
        assertThat(cfg.execution().allowMissing("system-info")).containsExactly("lstopo");
        assertThat(r.status()).isEqualTo(ReadinessStatus.READY);
        assertThat(r.missingRequired()).isEmpty();
        assertThat(r.missingOptional()).containsExactly("lstopo");
        assertThat(r.installCommand()).isEqualTo("sudo apt-get install -y hwloc-nox");
        // other adapters are untouched
        assertThat(SYSTEM_INFO.allowingMissing(List.of()).requiredCommands()).contains("lstopo");
    }

    @Test
    void allowMissingNamingAnUnknownBenchmarkOrANonRequiredCommandIsAConfigError() {
        // given
        AutomationConfig unknownBenchmark = config("""
                [execution.allow_missing_commands]
                system_info = ["lstopo"]
                """);
        AutomationConfig notRequired = config("""
                [execution.allow_missing_commands]
                system-info = ["lstop"]
                """);

        // when
        ConfigException a = catchThrowableOfType(() -> ADAPTERS.checkConfig(unknownBenchmark), ConfigException.class);
        ConfigException b = catchThrowableOfType(() -> ADAPTERS.checkConfig(notRequired), ConfigException.class);

        // then each names the file, the key and the fix
        assertThat(a.getMessage()).contains("test.toml", "execution.allow_missing_commands.system_info",
                "unknown benchmark 'system_info'", "system-info");
        assertThat(b.getMessage()).contains("test.toml", "execution.allow_missing_commands.system-info",
                "'lstop' is not a command system-info requires", "lstopo");
    }

    @Test
    void bundlesTablesMustNameABenchmarkThatStagesABundle() {
        // given
        AutomationConfig hostTools = config("[bundles.system-info]\npath = \"x.tar.gz\"\n");
        AutomationConfig typo = config("[bundles.latncy]\npath = \"x.tar.gz\"\n");
        AutomationConfig fine = config("[bundles.latency]\npath = \"lat.tar.gz\"\nbuilder = \"build.sh\"\n");

        // when
        ConfigException a = catchThrowableOfType(() -> ADAPTERS.checkConfig(hostTools), ConfigException.class);
        ConfigException b = catchThrowableOfType(() -> ADAPTERS.checkConfig(typo), ConfigException.class);
        ADAPTERS.checkConfig(fine);

        // then
        assertThat(a.getMessage()).contains("bundles.system-info", "system-info stages no bundle", "latency");
        assertThat(b.getMessage()).contains("bundles.latncy", "unknown benchmark 'latncy'", "latency");
        assertThat(fine.bundles().get("latency").path()).isEqualTo(tmp.toAbsolutePath().normalize().resolve("lat.tar.gz"));
        assertThat(StagingSources.of(fine, ADAPTERS.require("latency").spec().needs()).localBuilders())
                .containsEntry("latency", tmp.toAbsolutePath().normalize().resolve("build.sh"));
    }

    @Test
    void anUnknownKeyInABundlesTableIsAConfigError() {
        // when
        Throwable t = org.assertj.core.api.Assertions.catchThrowable(() -> config("[bundles.latency]\npaht = \"x\"\n"));

        // then
        assertThat(t).isInstanceOf(ConfigException.class).hasMessageContaining("paht").hasMessageContaining("test.toml");
    }
}
