package org.sth.automation.bundle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BundleBuilderTest {

    @TempDir
    Path tmp;

    private Path tree(String name, Instant mtime) throws Exception {
        Path src = tmp.resolve(name);
        Files.createDirectories(src.resolve("lib/sub"));
        Files.writeString(src.resolve("run.sh"), "#!/bin/sh\necho hi\n");
        Files.setPosixFilePermissions(src.resolve("run.sh"), PosixFilePermissions.fromString("rwx------"));
        Files.writeString(src.resolve("lib/b.txt"), "b");
        Files.writeString(src.resolve("lib/a.txt"), "a");
        Files.writeString(src.resolve("lib/sub/" + "x".repeat(120) + ".txt"), "long name");
        Files.writeString(src.resolve("._run.sh"), "mac resource fork");
        Files.writeString(src.resolve("lib/.DS_Store"), "mac finder");
        try (var s = Files.walk(src)) {
            for (Path p : s.toList()) {
                Files.setLastModifiedTime(p, FileTime.from(mtime));
            }
        }
        return src;
    }

    @Test
    void sameTreeGivesTheSameBytesWhateverTheMtimesAndPermissionsOfTheSources() throws Exception {
        // given
        Path one = tree("one", Instant.parse("2024-05-01T10:00:00Z"));
        Path two = tree("two", Instant.parse("2025-09-09T09:09:09Z"));
        Files.setPosixFilePermissions(two.resolve("lib/a.txt"), PosixFilePermissions.fromString("rw-rw-rw-"));

        // when
        String a = BundleBuilder.build(one, tmp.resolve("a.tar.gz"), "pkg");
        String b = BundleBuilder.build(two, tmp.resolve("b.tar.gz"), "pkg");

        // then
        assertThat(a).isEqualTo(b).isEqualTo(BundleVerifier.sha256(tmp.resolve("a.tar.gz")));
        assertThat(Files.readAllBytes(tmp.resolve("a.tar.gz"))).isEqualTo(Files.readAllBytes(tmp.resolve("b.tar.gz")));
    }

    @Test
    void entriesAreSortedNormalizedWithoutSidecarsOrPaxHeaders() throws Exception {
        // given
        Path src = tree("src", Instant.now());
        Path out = tmp.resolve("out.tar.gz");

        // when
        BundleBuilder.build(src, out, "");

        // then
        byte[] gz = Files.readAllBytes(out);
        assertThat(new byte[] {gz[4], gz[5], gz[6], gz[7]}).containsOnly(0);
        assertThat(gz[3] & 0x08).as("no file name in the gzip header").isZero();
        List<String> names = new ArrayList<>();
        try (InputStream in = Files.newInputStream(out); TarArchiveInputStream tar = new TarArchiveInputStream(new GzipCompressorInputStream(in))) {
            TarArchiveEntry e;
            while ((e = tar.getNextEntry()) != null) {
                names.add(e.getName());
                assertThat(e.isPaxHeader()).isFalse();
                assertThat(e.getExtraPaxHeaders()).isEmpty();
                assertThat(e.getModTime().toInstant()).isEqualTo(BundleBuilder.FIXED_MTIME);
                assertThat(e.getLongUserId()).isZero();
                assertThat(e.getLongGroupId()).isZero();
                int expected = e.isDirectory() || e.getName().equals("run.sh") ? 0755 : 0644;
                assertThat(e.getMode() & 0777).as(e.getName()).isEqualTo(expected);
            }
        }
        assertThat(names).containsExactly("lib/", "lib/a.txt", "lib/b.txt", "lib/sub/", "lib/sub/" + "x".repeat(120) + ".txt", "run.sh");
        assertThat(SafeTarReader.list(out)).hasSize(6);
    }

    @Test
    void refusesSymlinksInTheSourceTree() throws Exception {
        // given
        Path src = tree("src", Instant.now());
        Files.createSymbolicLink(src.resolve("link"), Path.of("run.sh"));

        // when / then
        assertThatThrownBy(() -> BundleBuilder.build(src, tmp.resolve("x.tar.gz"), "")).hasMessageContaining("'link' is a symlink");
    }
}
