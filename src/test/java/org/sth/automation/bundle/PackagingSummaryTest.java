package org.sth.automation.bundle;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sth.automation.host.HostFacts;
import org.sth.automation.io.Json;
import org.sth.automation.run.status.PackagingSummary;

/** The human packaging lines carry the facts of the resolver's and classifier's JSON. */
class PackagingSummaryTest {

    @TempDir
    Path tmp;

    private static final HostFacts HOST = new HostFacts("x86_64", "linux", "apt-get", Set.of("sh", "tar"), true);

    private String line(BundleLab lab, HostFacts host) {
        ObjectNode readiness = Json.object();
        readiness.set("latency", StagingReadiness.assess(BundleLab.LATENCY.needs(), host, lab.sources()).toJson());
        List<String> lines = PackagingSummary.lines(readiness);
        assertThat(lines).hasSize(1);
        return lines.get(0);
    }

    @Test
    void aCachedBundleShowsItsPathManifestFileAndDigest() {
        // given
        BundleLab lab = new BundleLab(tmp);
        Path archive = lab.good(lab.cache, "1.0.0", "x86_64");

        // when
        String line = line(lab, HOST);

        // then
        String stem = BundleLab.stem("1.0.0", "x86_64");
        assertThat(line).startsWith("latency: ready, captured_cache " + archive)
                .contains("(manifest " + stem + ".manifest.json)", "sha256 ", "verified", "install: sudo apt-get install -y numactl");
    }

    @Test
    void aRefusedBundleAndTheBuilderFallbackAreBothNamed() {
        // given a corrupt configured bundle and a local builder
        BundleLab lab = new BundleLab(tmp);
        Path bad = lab.wrongSha(lab.configured, "1.0.0", "x86_64");
        lab.executableBuilder();

        // when
        String line = line(lab, HOST);

        // then the fallback basis, the builder path and the refusal with its reason are there
        assertThat(line).startsWith("latency: bundle_invalid_fallback_available, local_builder " + lab.builder)
                .contains("refused configured_bundle " + bad, "sha256");
    }

    @Test
    void aBlockedHostShowsWhatIsMissingAndTheInstallCommand() {
        // given a host without tar
        BundleLab lab = new BundleLab(tmp);
        lab.good(lab.cache, "1.0.0", "x86_64");

        // when
        String line = line(lab, new HostFacts("x86_64", "linux", "dnf", Set.of("sh", "numactl"), true));

        // then
        assertThat(line).startsWith("latency: missing_runtime_dependencies, captured_cache")
                .endsWith("; missing tar; install: sudo dnf install -y tar");
    }
}
