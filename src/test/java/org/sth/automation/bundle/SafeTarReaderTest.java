package org.sth.automation.bundle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.sth.automation.bundle.BundleLab.craft;
import static org.sth.automation.bundle.BundleLab.file;
import static org.sth.automation.bundle.BundleLab.hardlink;
import static org.sth.automation.bundle.BundleLab.special;
import static org.sth.automation.bundle.BundleLab.symlink;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class SafeTarReaderTest {

    @TempDir
    Path tmp;

    static Stream<Arguments> evilEntries() {
        return Stream.of(
                Arguments.of("dot-dot", file("../evil", "pwned"), "../evil", "has a '..' segment"),
                Arguments.of("dot-dot-inside", file("a/../../evil", "pwned"), "a/../../evil", "has a '..' segment"),
                Arguments.of("absolute", file("/etc/evil", "pwned"), "/etc/evil", "has an absolute path"),
                Arguments.of("symlink-escape", symlink("link", "../../outside"), "link", "escapes the extraction dir"),
                Arguments.of("symlink-escape-nested", symlink("d/link", "../../outside"), "d/link", "escapes the extraction dir"),
                Arguments.of("symlink-absolute", symlink("link", "/etc"), "link", "is a symlink to the absolute path '/etc'"),
                Arguments.of("symlink-dotdot-after-name", symlink("link", "run.sh/../.."), "link", "with a '..' after a name"),
                Arguments.of("hardlink-escape", hardlink("hl", "../outside"), "hl", "hardlink whose target '../outside' escapes"),
                Arguments.of("hardlink-absolute", hardlink("hl", "/etc/passwd"), "hl", "hardlink whose target '/etc/passwd' escapes"),
                Arguments.of("char-device", special("dev/null", TarArchiveEntry.LF_CHR), "dev/null", "is a device node"),
                Arguments.of("block-device", special("dev/sda", TarArchiveEntry.LF_BLK), "dev/sda", "is a device node"),
                Arguments.of("fifo", special("pipe", TarArchiveEntry.LF_FIFO), "pipe", "is a fifo"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("evilEntries")
    void refusesEntriesThatEscapeOrAreSpecial(String label, TarArchiveEntry evil, String entry, String reason) throws Exception {
        // given
        Path archive = tmp.resolve(label + ".tar.gz");
        craft(archive, file("run.sh", "#!/bin/sh\n"), evil);
        Path dest = tmp.resolve("out");

        // when / then: both listing and extracting refuse, naming the entry and the reason
        assertThatThrownBy(() -> SafeTarReader.list(archive)).isInstanceOf(UnsafeArchiveException.class)
                .hasMessageContaining("'" + entry + "'").hasMessageContaining(reason)
                .satisfies(e -> assertThat(((UnsafeArchiveException) e).entry()).isEqualTo(entry));
        assertThatThrownBy(() -> SafeTarReader.extract(archive, dest)).isInstanceOf(UnsafeArchiveException.class);
        assertThat(dest).doesNotExist();
        assertThat(tmp.resolve("evil")).doesNotExist();
        assertThat(tmp.getParent().resolve("evil")).doesNotExist();
    }

    @Test
    void refusesWritingThroughAnEarlierSymlink() {
        // given: 'd' points inside, but 'd/x' would be written through the link
        Path archive = tmp.resolve("through.tar.gz");
        craft(archive, symlink("d", "sub"), file("d/x", "x"));

        // when / then
        assertThatThrownBy(() -> SafeTarReader.list(archive)).hasMessageContaining("'d/x'").hasMessageContaining("below the link 'd'");
    }

    @Test
    void refusesAHardlinkToANameNotInTheArchive() {
        // given
        Path archive = tmp.resolve("dangling.tar.gz");
        craft(archive, hardlink("hl", "etc/shadow"));

        // when / then
        assertThatThrownBy(() -> SafeTarReader.list(archive)).hasMessageContaining("not an earlier regular file");
    }

    @Test
    void refusesSomethingThatIsNotATarGz() throws Exception {
        // given
        Path archive = tmp.resolve("junk.tar.gz");
        Files.writeString(archive, "not gzip at all");

        // when / then
        assertThatThrownBy(() -> SafeTarReader.list(archive)).isInstanceOf(UnsafeArchiveException.class)
                .hasMessageContaining("not a readable tar.gz");
    }

    @Test
    void extractsAGoodArchiveWithDirsInsideLinksAndModes() throws Exception {
        // given
        Path archive = tmp.resolve("good.tar.gz");
        TarArchiveEntry dir = new TarArchiveEntry("./bin/");
        TarArchiveEntry run = file("./bin/run.sh", "#!/bin/sh\n");
        run.setMode(0100755);
        craft(archive, dir, run, file("lib/data.txt", "data"), symlink("bin/data", "../lib/data.txt"), hardlink("copy.sh", "bin/run.sh"));
        Path dest = tmp.resolve("out");

        // when
        var entries = SafeTarReader.extract(archive, dest);

        // then
        assertThat(entries).extracting(SafeTarReader.Entry::name).containsExactly("bin", "bin/run.sh", "lib/data.txt", "bin/data", "copy.sh");
        assertThat(dest.resolve("bin/run.sh")).hasContent("xxxxxxxxxx");
        assertThat(Files.isExecutable(dest.resolve("bin/run.sh"))).isTrue();
        assertThat(Files.isExecutable(dest.resolve("lib/data.txt"))).isFalse();
        assertThat(Files.isSymbolicLink(dest.resolve("bin/data"))).isTrue();
        assertThat(dest.resolve("bin/data")).hasContent("xxxx");
        assertThat(dest.resolve("copy.sh")).hasContent("xxxxxxxxxx");
    }
}
