package org.sth.automation.bundle;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.sth.automation.adapter.spi.AdapterSpec;
import org.sth.automation.host.Arch;
import org.sth.automation.host.DryFacts;
import org.sth.automation.host.HostFacts;
import org.sth.automation.host.LiveFacts;
import org.sth.automation.io.Json;

class ReadinessClassifierTest {

    private static final Set<ReadinessStatus> SEEN = EnumSet.noneOf(ReadinessStatus.class);

    @TempDir
    Path tmp;

    /** Raw host data, as config assumptions (dry) and as inventory + probe output (live). */
    record Raw(String arch, String packageManager, List<String> commands, boolean reachable) {

        HostFacts dry() {
            Map<String, String> m = new LinkedHashMap<>();
            if (arch != null) {
                m.put("arch", arch);
            }
            if (packageManager != null) {
                m.put("package_manager", packageManager);
            }
            m.put("commands", String.join(", ", commands));
            m.put("reachable", Boolean.toString(reachable));
            return DryFacts.from(m);
        }

        HostFacts live() {
            if (!reachable) {
                return LiveFacts.unreachable();
            }
            ObjectNode inv = Json.object();
            inv.put("arch", arch);
            inv.put("arch_raw", arch);
            inv.put("package_manager", packageManager);
            String probe = Stream.concat(commands.stream().map(c -> "have " + c), Stream.of("missing zzz", "tmp_free_kib 1000"))
                    .collect(Collectors.joining("\n"));
            return LiveFacts.from(inv, probe);
        }
    }

    private static Raw raw(String arch, String pm, String commands) {
        return new Raw(arch, pm, Arrays.asList(commands.split(" ")), true);
    }

    static Stream<Arguments> table() {
        AdapterSpec lat = BundleLab.LATENCY;
        AdapterSpec host = BundleLab.HOST_TOOLS;
        Raw full = raw("x86_64", "apt-get", "sh tar numactl cc");
        return Stream.of(
                row("ready: verified cached bundle", lat, lab -> lab.good(lab.cache, "1.0.0", "x86_64"), full,
                        ReadinessStatus.READY, Basis.CAPTURED_CACHE, null, "captured_cache latency-wrapper-1.0.0-linux-x86_64 (sha256 "),
                row("ready: configured bundle", lat, lab -> lab.good(lab.configured, "1.0.0", "x86_64"), full,
                        ReadinessStatus.READY, Basis.CONFIGURED_BUNDLE, null, "configured_bundle latency-wrapper"),
                row("ready: runner already installed", lat, lab -> { }, raw("aarch64", "apt-get", "sh tar numactl core-to-core-latency"),
                        ReadinessStatus.READY, Basis.RUNNER_FALLBACK, null, "runner_fallback: the host already has core-to-core-latency"),
                row("ready: host tools only", host, lab -> { }, raw("x86_64", "apt-get", "uname lscpu lstopo"),
                        ReadinessStatus.READY, Basis.NOT_REQUIRED, null, "no bundle needed"),
                row("ready, optional missing: install command offered", host, lab -> { }, raw("x86_64", "apt-get", "uname lscpu"),
                        ReadinessStatus.READY, Basis.NOT_REQUIRED, "sudo apt-get install -y hwloc-nox", "no bundle needed"),
                row("ready with local bundle: dist", lat, lab -> lab.good(lab.dist, "1.0.0", "any"), full,
                        ReadinessStatus.READY_WITH_LOCAL_BUNDLE, Basis.LOCAL_DIST, null, "local_dist latency-wrapper-1.0.0-linux-any"),
                row("ready with local bundle: builder", lat, BundleLab::executableBuilder, full,
                        ReadinessStatus.READY_WITH_LOCAL_BUNDLE, Basis.LOCAL_BUILDER, null, "local_builder "),
                row("ready with local bundle: repo", lat, lab -> lab.good(lab.repo, "1.0.0", "x86_64"), full,
                        ReadinessStatus.READY_WITH_LOCAL_BUNDLE, Basis.REPO_FALLBACK, null, "repo_fallback latency-wrapper"),
                row("ready via source build, cargo bootstrapped", lat, lab -> { }, full,
                        ReadinessStatus.READY_VIA_SOURCE_BUILD, Basis.SOURCE_BUILD, null,
                        "source_build on host: cargo install --locked core-to-core-latency after bootstrapping cargo via rustup"),
                row("bundle invalid (sha256), fallback available", lat, lab -> {
                    lab.wrongSha(lab.cache, "1.0.0", "x86_64");
                    lab.good(lab.dist, "1.0.0", "x86_64");
                }, full, ReadinessStatus.BUNDLE_INVALID_FALLBACK_AVAILABLE, Basis.LOCAL_DIST, null,
                        "refused captured_cache "),
                row("cached bundle of another arch is not for this host: source build", lat, lab -> lab.good(lab.cache, "1.0.0", "aarch64"),
                        full, ReadinessStatus.READY_VIA_SOURCE_BUILD, Basis.SOURCE_BUILD, null, "source_build on host: "),
                row("bundle invalid (configured, missing), fallback to source build", lat, lab -> lab.configureMissing = true, full,
                        ReadinessStatus.BUNDLE_INVALID_FALLBACK_AVAILABLE, Basis.SOURCE_BUILD, null, "refused configured_bundle "),
                row("packaging blocked: cc is package-managed, not bootstrappable", lat, lab -> { }, raw("x86_64", "dnf", "sh tar numactl"),
                        ReadinessStatus.PACKAGING_BLOCKED, null, null,
                        "no usable bundle or fallback: runner_fallback host PATH: core-to-core-latency (not installed on the host: core-to-core-latency); "
                                + "source_build on host: cargo install --locked core-to-core-latency (source build needs cc on the host (install: sudo dnf install -y gcc))"),
                row("missing runtime dependencies: apt", lat, lab -> lab.good(lab.cache, "1.0.0", "any"), raw("arm64", "apt-get", "sh"),
                        ReadinessStatus.MISSING_RUNTIME_DEPENDENCIES, Basis.CAPTURED_CACHE, "sudo apt-get install -y tar numactl",
                        "required commands missing: tar; packaging: captured_cache latency-wrapper-1.0.0-linux-any"),
                row("missing runtime dependencies: dnf", host, lab -> { }, raw("x86_64", "dnf", "uname"),
                        ReadinessStatus.MISSING_RUNTIME_DEPENDENCIES, Basis.NOT_REQUIRED, "sudo dnf install -y util-linux hwloc", "required commands missing: lscpu"),
                row("missing runtime dependencies: yum", host, lab -> { }, raw("x86_64", "yum", "uname lstopo"),
                        ReadinessStatus.MISSING_RUNTIME_DEPENDENCIES, Basis.NOT_REQUIRED, "sudo yum install -y util-linux", "required commands missing: lscpu"),
                row("missing runtime dependencies: zypper", host, lab -> { }, raw("x86_64", "zypper", "uname lstopo"),
                        ReadinessStatus.MISSING_RUNTIME_DEPENDENCIES, Basis.NOT_REQUIRED, "sudo zypper install -y util-linux", "required commands missing: lscpu"),
                row("missing runtime dependencies: pacman", host, lab -> { }, raw("x86_64", "pacman", "uname lstopo"),
                        ReadinessStatus.MISSING_RUNTIME_DEPENDENCIES, Basis.NOT_REQUIRED, "sudo pacman -S --noconfirm util-linux", "required commands missing: lscpu"),
                row("missing runtime dependencies: apk", host, lab -> { }, raw("x86_64", "apk", "uname lstopo"),
                        ReadinessStatus.MISSING_RUNTIME_DEPENDENCIES, Basis.NOT_REQUIRED, "sudo apk add util-linux-misc", "required commands missing: lscpu"),
                row("unreachable", lat, lab -> lab.good(lab.cache, "1.0.0", "x86_64"), new Raw(null, null, List.of(), false),
                        ReadinessStatus.UNREACHABLE, null, null, "host not reachable"));
    }

    private static Arguments row(String label, AdapterSpec spec, Consumer<BundleLab> setup, Raw raw, ReadinessStatus status, Basis basis,
            String install, String basisText) {
        return Arguments.of(label, spec, setup, raw, status, basis, install, basisText);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("table")
    void dryAndLiveClassifyTheSameRawDataIdentically(String label, AdapterSpec spec, Consumer<BundleLab> setup, Raw raw,
            ReadinessStatus status, Basis basis, String install, String basisText) {
        // given
        BundleLab lab = new BundleLab(tmp);
        setup.accept(lab);
        HostFacts dry = raw.dry();
        HostFacts live = raw.live();

        // when
        StagingReadiness.Assessment viaDry = StagingReadiness.assess(spec.needs(), dry, lab.sources());
        StagingReadiness.Assessment viaLive = StagingReadiness.assess(spec.needs(), live, lab.sources());

        // then: one code path, same facts, same answer
        assertThat(dry).isEqualTo(live);
        assertThat(viaDry.toJson()).isEqualTo(viaLive.toJson());
        Readiness r = viaLive.readiness();
        assertThat(r.status()).isEqualTo(status);
        assertThat(r.basis()).isEqualTo(basis);
        assertThat(r.installCommand()).isEqualTo(install);
        assertThat(r.statusBasis()).startsWith(basisText);
        assertThat(r.requiredCapabilities()).isEqualTo(spec.packaging().requiredCapabilities());
        assertThat(viaLive.toJson().path("status").asText()).isEqualTo(status.id());
        SEEN.add(status);
    }

    @AfterAll
    static void everyStateIsCovered() {
        assertThat(SEEN).containsExactlyInAnyOrder(ReadinessStatus.values());
    }

    @Test
    void bootstrappableToolsAreReportedApartFromPackageManagedOnes() {
        // given: no cargo (bootstrappable), no numactl (package-managed, optional)
        BundleLab lab = new BundleLab(tmp);
        HostFacts host = new HostFacts("x86_64", "linux", "apt-get", Set.of("sh", "tar", "cc"), true);

        // when
        Readiness r = StagingReadiness.assess(BundleLab.LATENCY.needs(), host, lab.sources()).readiness();

        // then
        assertThat(r.bootstrap()).containsExactly("cargo via rustup");
        assertThat(r.missingRequired()).isEmpty();
        assertThat(r.missingOptional()).containsExactly("numactl");
        assertThat(r.installCommand()).isEqualTo("sudo apt-get install -y numactl");
    }

    @Test
    void dryWithUnknownArchAcceptsAnArchSpecificBundleAndSaysItIsRecheckedLive() {
        // given
        BundleLab lab = new BundleLab(tmp);
        lab.good(lab.cache, "1.0.0", "aarch64");
        HostFacts dry = DryFacts.from(Map.of("commands", "sh tar numactl"));

        // when
        Readiness r = StagingReadiness.assess(BundleLab.LATENCY.needs(), dry, lab.sources()).readiness();

        // then
        assertThat(dry.arch()).isEqualTo(Arch.UNKNOWN);
        assertThat(r.status()).isEqualTo(ReadinessStatus.READY);
        assertThat(r.statusBasis()).endsWith("host arch unknown, bundle arch aarch64 is re-checked live");
    }
}
