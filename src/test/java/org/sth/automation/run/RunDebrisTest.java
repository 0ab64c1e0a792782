package org.sth.automation.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sth.automation.io.AtomicFiles;

class RunDebrisTest {

    @TempDir
    Path dir;

    @Test
    void removesWhatDeadWritersLeftAndNeverAWriteInProgress() throws Exception {
        // given
        long dead = deadPid();
        long live = ProcessHandle.current().parent().orElseThrow().pid();
        long self = ProcessHandle.current().pid();
        RunLayout layout = new RunLayout(dir);
        Path raw = Files.createDirectories(dir.resolve("benchmarks/system-info/raw"));
        Files.writeString(raw.resolve("lscpu.txt"), "done");
        Path killed = write(raw.resolve(".lscpu.txt.tmp-" + dead + "-b1b5aa836c52c188"));
        Path ownInProgress = write(dir.resolve(".status.json.tmp-" + self + "-1a"));
        Path othersInProgress = write(dir.resolve(".status.json.tmp-" + live + "-2b"));
        Path othersAbandoned = write(dir.resolve("logs/commands/.k.stdout.tmp-" + live + "-3c"));
        Files.setLastModifiedTime(othersAbandoned, FileTime.from(Instant.now().minusSeconds(600)));
        Path legacyOld = write(dir.resolve(".host_inventory_snapshot.json.tmp-193c287befbf35ad"));
        Files.setLastModifiedTime(legacyOld, FileTime.from(Instant.now().minusSeconds(600)));
        Path legacyFresh = write(dir.resolve(".run_manifest.json.tmp-5d"));
        Path gits = write(dir.resolve("publish-worktrees/system-info/.x.tmp-" + dead + "-4d"));
        Path lookalike = write(dir.resolve("benchmarks/system-info/raw/.config.tmp-notes"));

        // when
        var removed = RunDebris.sweep(layout);

        // then
        assertThat(removed).containsExactly(".host_inventory_snapshot.json.tmp-193c287befbf35ad",
                "benchmarks/system-info/raw/.lscpu.txt.tmp-" + dead + "-b1b5aa836c52c188", "logs/commands/.k.stdout.tmp-" + live + "-3c");
        assertThat(killed).doesNotExist();
        assertThat(othersAbandoned).doesNotExist();
        assertThat(legacyOld).doesNotExist();
        assertThat(ownInProgress).exists();
        assertThat(othersInProgress).exists();
        assertThat(legacyFresh).exists();
        assertThat(gits).exists();
        assertThat(lookalike).exists();
        assertThat(raw.resolve("lscpu.txt")).exists();
    }

    @Test
    void atomicWritesNameTheirTempFileWithTheWritersPid() throws Exception {
        // given
        Path target = dir.resolve("a.json");

        // when
        AtomicFiles.write(target, "{}");

        // then the name a kill would leave is recognised, and this process's own is never debris
        Path tmp = dir.resolve(".a.json.tmp-" + ProcessHandle.current().pid() + "-ff");
        assertThat(AtomicFiles.isTemp(tmp)).isTrue();
        assertThat(AtomicFiles.isDebris(write(tmp))).isFalse();
        try (var s = Files.list(dir)) {
            assertThat(s.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("a.json", tmp.getFileName().toString());
        }
    }

    private static Path write(Path p) throws Exception {
        Files.createDirectories(p.getParent());
        Files.writeString(p, "half");
        return p;
    }

    private static long deadPid() throws Exception {
        Process p = new ProcessBuilder("true").start();
        assertThat(p.waitFor(10, TimeUnit.SECONDS)).isTrue();
        return p.pid();
    }
}
