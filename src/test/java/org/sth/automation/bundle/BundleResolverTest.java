package org.sth.automation.bundle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.sth.automation.bundle.BundleLab.file;
import static org.sth.automation.bundle.BundleLab.hardlink;
import static org.sth.automation.bundle.BundleLab.special;
import static org.sth.automation.bundle.BundleLab.symlink;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.sth.automation.host.HostFacts;

class BundleResolverTest {

    private static final HostFacts X86 = new HostFacts("amd64", "linux", "apt-get", Set.of("sh", "tar", "cc"), true);
    private static final HostFacts X86_NO_CC = new HostFacts("x86_64", "linux", "apt-get", Set.of("sh", "tar"), true);
    private static final HostFacts X86_WITH_RUNNER = new HostFacts("x86_64", "linux", "dnf", Set.of("sh", "tar", "core-to-core-latency"), true);

    @TempDir
    Path tmp;

    /** label, setup, host, expected basis (null = blocked), expected rejections as "basis: reason fragment". */
    static Stream<Arguments> table() {
        return Stream.of(
                row("configured bundle wins over everything", lab -> {
                    lab.good(lab.configured, "1.0.0", "x86_64");
                    lab.good(lab.cache, "1.0.0", "x86_64");
                }, X86, Basis.CONFIGURED_BUNDLE),
                row("configured bundle missing: cache taken", lab -> {
                    lab.configureMissing = true;
                    lab.good(lab.cache, "1.0.0", "x86_64");
                }, X86, Basis.CAPTURED_CACHE, "configured_bundle: not found"),
                row("captured cache", lab -> lab.good(lab.cache, "1.0.0", "x86_64"), X86, Basis.CAPTURED_CACHE),
                row("captured cache, arch alias amd64 in the manifest", lab -> lab.good(lab.cache, "1.0.0", "amd64"), X86, Basis.CAPTURED_CACHE),
                row("captured cache, arch any", lab -> lab.good(lab.cache, "1.0.0", "any"), X86, Basis.CAPTURED_CACHE),
                row("local dist", lab -> lab.good(lab.dist, "1.0.0", "x86_64"), X86, Basis.LOCAL_DIST),
                row("local builder", BundleLab::executableBuilder, X86, Basis.LOCAL_BUILDER),
                row("repo fallback", lab -> lab.good(lab.repo, "1.0.0", "x86_64"), X86, Basis.REPO_FALLBACK),
                row("runner fallback: host has the runner", lab -> { }, X86_WITH_RUNNER, Basis.RUNNER_FALLBACK),
                row("source build on the host", lab -> { }, X86, Basis.SOURCE_BUILD,
                        "runner_fallback: not installed on the host: core-to-core-latency"),
                row("nothing usable: blocked", lab -> { }, X86_NO_CC, null,
                        "runner_fallback: not installed on the host: core-to-core-latency",
                        "source_build: source build needs cc on the host (install: sudo apt-get install -y gcc)"),
                row("configured bundle with a wrong sha256: cache taken", lab -> {
                    lab.wrongSha(lab.configured, "1.0.0", "x86_64");
                    lab.good(lab.cache, "1.0.0", "x86_64");
                }, X86, Basis.CAPTURED_CACHE, "configured_bundle: sha256 mismatch: manifest says 0000"),
                row("cache bundle for the wrong arch: dist taken", lab -> {
                    lab.good(lab.cache, "1.0.0", "aarch64");
                    lab.good(lab.dist, "1.0.0", "x86_64");
                }, X86, Basis.LOCAL_DIST, "captured_cache: built for arch aarch64, host is x86_64"),
                row("incomplete manifest: repo taken", lab -> {
                    lab.incomplete(lab.cache, "1.0.0", "x86_64");
                    lab.good(lab.repo, "1.0.0", "x86_64");
                }, X86, Basis.REPO_FALLBACK, "captured_cache: manifest incomplete: missing entry_command, capabilities"),
                row("archive without manifest: dist taken", lab -> {
                    lab.good(lab.cache, "1.0.0", "x86_64");
                    delete(lab.cache.resolve(BundleLab.stem("1.0.0", "x86_64") + ".manifest.json"));
                    lab.good(lab.dist, "1.0.0", "x86_64");
                }, X86, Basis.LOCAL_DIST, "captured_cache: no manifest latency-wrapper-1.0.0-linux-x86_64.manifest.json beside the archive"),
                row("tarball with ../: builder taken", lab -> {
                    lab.evil(lab.cache, "1.0.0", "x86_64", file("../evil", "x"));
                    lab.executableBuilder();
                }, X86, Basis.LOCAL_BUILDER, "captured_cache: unsafe archive: entry '../evil' has a '..' segment"),
                row("tarball with an absolute path: dist taken", lab -> {
                    lab.evil(lab.cache, "1.0.0", "x86_64", file("/etc/evil", "x"));
                    lab.good(lab.dist, "1.0.0", "x86_64");
                }, X86, Basis.LOCAL_DIST, "captured_cache: unsafe archive: entry '/etc/evil' has an absolute path"),
                row("tarball with an escaping symlink: dist taken", lab -> {
                    lab.evil(lab.cache, "1.0.0", "x86_64", symlink("link", "../../outside"));
                    lab.good(lab.dist, "1.0.0", "x86_64");
                }, X86, Basis.LOCAL_DIST, "captured_cache: unsafe archive: entry 'link' is a symlink to '../../outside', which escapes"),
                row("tarball with an escaping hardlink and then a device: source build", lab -> {
                    lab.evil(lab.cache, "1.0.0", "x86_64", hardlink("hl", "../outside"));
                    lab.evil(lab.dist, "1.0.0", "x86_64", special("dev/null", TarArchiveEntry.LF_CHR));
                }, X86, Basis.SOURCE_BUILD, "captured_cache: unsafe archive: entry 'hl' is a hardlink whose target '../outside' escapes",
                        "local_dist: unsafe archive: entry 'dev/null' is a device node",
                        "runner_fallback: not installed"));
    }

    private static Arguments row(String label, Consumer<BundleLab> setup, HostFacts host, Basis expected, String... rejections) {
        return Arguments.of(label, setup, host, expected, List.of(rejections));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("table")
    void resolvesByPrecedenceAndRecordsEveryRefusal(String label, Consumer<BundleLab> setup, HostFacts host, Basis expected,
            List<String> rejections) {
        // given
        BundleLab lab = new BundleLab(tmp);
        setup.accept(lab);

        // when
        Resolution r = BundleResolver.resolve(BundleLab.LATENCY.needs(), host, lab.sources());

        // then
        assertThat(r.basis()).isEqualTo(expected);
        assertThat(r.rejected()).hasSameSizeAs(rejections);
        for (int i = 0; i < rejections.size(); i++) {
            Resolution.Rejection rej = r.rejected().get(i);
            assertThat(rej.basis().id() + ": " + rej.reason()).startsWith(rejections.get(i));
        }
        if (r.manifest() != null) {
            assertThat(r.sha256()).isEqualTo(BundleVerifier.sha256(r.selected().archive())).isEqualTo(r.manifest().sha256());
        }
        assertThat(r.toJson().path("basis").isNull()).isEqualTo(expected == null);
        assertThat(r.toJson().path("rejected")).hasSize(rejections.size());
    }

    @Test
    void anAdapterWithoutBundleNeedsNothing() {
        // given
        BundleLab lab = new BundleLab(tmp);

        // when
        Resolution r = BundleResolver.resolve(BundleLab.HOST_TOOLS.needs(), X86, lab.sources());

        // then
        assertThat(r.basis()).isEqualTo(Basis.NOT_REQUIRED);
        assertThat(r.rejected()).isEmpty();
    }

    @Test
    void sourceBuildRecordsTheBootstrapWhenCargoIsMissing() {
        // given
        BundleLab lab = new BundleLab(tmp);

        // when
        Resolution r = BundleResolver.resolve(BundleLab.LATENCY.needs(), X86, lab.sources());

        // then
        assertThat(r.basis()).isEqualTo(Basis.SOURCE_BUILD);
        assertThat(r.bootstrap()).containsExactly("cargo via rustup");
    }

    @Test
    void prefersTheNewestVersionAndTheExactArchInOneDir() {
        // given
        BundleLab lab = new BundleLab(tmp);
        lab.good(lab.cache, "1.2.0", "any");
        lab.good(lab.cache, "1.10.0", "any");
        lab.good(lab.cache, "1.10.0", "x86_64");
        lab.good(lab.cache, "1.9.0", "x86_64");

        // when
        Resolution r = BundleResolver.resolve(BundleLab.LATENCY.needs(), X86, lab.sources());

        // then
        assertThat(r.manifest().stem()).isEqualTo("latency-wrapper-1.10.0-linux-x86_64");
    }

    @Test
    void aBundleLackingARequiredCapabilityIsRefused() {
        // given
        BundleLab lab = new BundleLab(tmp);
        Path a = lab.good(lab.cache, "1.0.0", "x86_64");
        new BundleManifest(BundleLab.BUNDLE, "1.0.0", "linux", "x86_64", BundleVerifier.sha256(a), List.of("something-else"), "sh run.sh",
                List.of()).write(BundleManifest.manifestBeside(a));

        // when
        Resolution r = BundleResolver.resolve(BundleLab.LATENCY.needs(), X86, lab.sources());

        // then
        assertThat(r.rejected().get(0).reason()).isEqualTo("lacks required capabilities: core-to-core-latency");
        assertThat(r.basis()).isEqualTo(Basis.SOURCE_BUILD);
    }

    @Test
    void aWrapperBundleIsRefusedOnAHostWithoutItsRunnerAndTheSourceBuildTaken() throws Exception {
        // given a good cached bundle whose manifest says it drives the host's runner instead of shipping it
        BundleLab lab = new BundleLab(tmp);
        Path a = lab.good(lab.cache, "1.0.0", "x86_64");
        BundleManifest m = BundleManifest.read(BundleManifest.manifestBeside(a));
        new BundleManifest(m.name(), m.version(), m.os(), m.arch(), m.sha256(), m.capabilities(), m.entryCommand(), m.resultFiles(),
                List.of("core-to-core-latency")).write(BundleManifest.manifestBeside(a));

        // when
        Resolution withoutRunner = BundleResolver.resolve(BundleLab.LATENCY.needs(), X86, lab.sources());
        Resolution withRunner = BundleResolver.resolve(BundleLab.LATENCY.needs(), new HostFacts("x86_64", "linux", "apt-get",
                java.util.Set.of("sh", "tar", "core-to-core-latency"), true), lab.sources());

        // then
        assertThat(withoutRunner.rejected().get(0).reason()).isEqualTo("wrapper bundle drives core-to-core-latency, which the host lacks");
        assertThat(withoutRunner.rejected().get(0).invalid()).isFalse();
        assertThat(withoutRunner.basis()).isEqualTo(Basis.SOURCE_BUILD);
        assertThat(withRunner.basis()).isEqualTo(Basis.CAPTURED_CACHE);
        assertThat(withRunner.manifest().requiresOnHost()).containsExactly("core-to-core-latency");
    }

    @Test
    void aBundleThatShipsItsRunnerIsTakenOnAHostWithoutIt() {
        // given the same adapter, but a bundle whose manifest requires nothing on the host (it ships the binary)
        BundleLab lab = new BundleLab(tmp);
        lab.good(lab.cache, "1.0.0", "x86_64");

        // when
        Resolution r = BundleResolver.resolve(BundleLab.LATENCY.needs(), X86, lab.sources());

        // then
        assertThat(X86.has("core-to-core-latency")).isFalse();
        assertThat(r.basis()).isEqualTo(Basis.CAPTURED_CACHE);
        assertThat(r.manifest().requiresOnHost()).isEmpty();
    }

    private static void delete(Path p) {
        try {
            java.nio.file.Files.delete(p);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
