package org.sth.automation.publish;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sth.automation.io.AtomicFiles;

class StagingTreeTest {

    @Test
    void restagingGivesAByteIdenticalTreeWithoutStaleFiles(@TempDir Path tmp) throws Exception {
        // given
        Path src = tmp.resolve("src");
        AtomicFiles.write(src.resolve("raw/uname.txt"), "Linux evo-x2 7.0.0-14-generic\n");
        AtomicFiles.write(src.resolve("summary.json"), "{}\n");
        Path dest = tmp.resolve("dest");
        StagingTree.copy(src, dest);
        var first = StagingTree.digests(dest);
        AtomicFiles.write(dest.resolve("stale.txt"), "left from an older attempt\n");

        // when
        int n = StagingTree.copy(src, dest);

        // then
        assertThat(n).isEqualTo(2);
        assertThat(StagingTree.digests(dest)).isEqualTo(first).containsOnlyKeys("raw/uname.txt", "summary.json");
        assertThat(Files.getLastModifiedTime(dest.resolve("summary.json")).toMillis()).isZero();
    }
}
