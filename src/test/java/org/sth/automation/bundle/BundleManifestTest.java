package org.sth.automation.bundle;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BundleManifestTest {

    @TempDir
    Path tmp;

    @Test
    void roundTripsThroughItsFileBesideTheArchive() throws Exception {
        // given
        BundleManifest m = new BundleManifest("latency-wrapper", "1.0.0", "linux", "arm64", "a".repeat(64), List.of("core-to-core-latency"),
                "sh run.sh \"$OUT\"", List.of("latency.csv"));
        Path archive = tmp.resolve(m.archiveFileName());

        // when
        m.write(BundleManifest.manifestBeside(archive));
        BundleManifest back = BundleManifest.read(tmp.resolve("latency-wrapper-1.0.0-linux-aarch64.manifest.json"));

        // then
        assertThat(back).isEqualTo(m);
        assertThat(back.arch()).isEqualTo("aarch64");
        assertThat(BundleManifest.archiveBeside(BundleManifest.manifestBeside(archive))).isEqualTo(archive);
        assertThat(Files.readString(BundleManifest.manifestBeside(archive))).contains("\"entry_command\"", "\"result_files\"", "\"schema_version\" : 1");
        assertThat(back.missingFields()).isEmpty();
    }

    @Test
    void namesEveryMissingField() {
        // when
        BundleManifest m = new BundleManifest("x", null, "linux", "", "not-hex", List.of(), null, null);

        // then
        assertThat(m.missingFields()).containsExactly("version", "arch", "entry_command", "capabilities", "sha256 (not 64 lowercase hex digits)");
    }
}
