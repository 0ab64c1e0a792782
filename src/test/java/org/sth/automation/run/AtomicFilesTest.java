package org.sth.automation.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sth.automation.io.AtomicFiles;
import org.sth.automation.io.CorruptFileException;
import org.sth.automation.io.Json;

class AtomicFilesTest {

    @Test
    void replacesWholeFileAndLeavesNoTempBehind(@TempDir Path dir) throws Exception {
        // given
        Path target = dir.resolve("a/b/status.json");

        // when
        AtomicFiles.write(target, "old");
        AtomicFiles.write(target, "new");

        // then
        assertThat(target).hasContent("new");
        try (var s = Files.list(target.getParent())) {
            assertThat(s).containsExactly(target);
        }
    }

    @Test
    void truncatedJsonIsReportedWithTheFileAndAFix(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("status.json");
        Files.writeString(f, "{\"state\": \"runn");
        assertThatThrownBy(() -> Json.readObject(f)).isInstanceOf(CorruptFileException.class)
                .hasMessageContaining(f.toString()).hasMessageContaining("truncated").hasMessageContaining("fix:");
    }
}
