package org.sth.automation.adapter.sysinfo;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CaptureFilesTest {

    private static final byte[] NONE = new byte[0];

    @TempDir
    Path dir;

    private static CaptureSpec spec(String id) {
        return SystemInfoCaptures.byId(id).orElseThrow();
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void storesRealSudoOutputWithoutThePasswordEcho() throws IOException {
        // given
        byte[] raw = RealResultSet.bytes(RealResultSet.EVO_X2, "raw/dmi_memory.txt");

        // when
        CaptureRecord record = CaptureFiles.store(dir, spec("dmi_memory"), 0, raw, NONE, "sthuser");

        // then
        assertThat(record.status()).isEqualTo("captured");
        String stored = Files.readString(dir.resolve("raw/dmi_memory.txt"));
        assertThat(stored).startsWith("# dmidecode 3.6\n").doesNotContain("sthuser", "\r");
        assertThat(DmidecodeParser.sections(stored, "Memory Device")).hasSize(8);
        assertThat(dir.resolve("raw/dmi_memory.txt.stderr.txt")).doesNotExist();
    }

    @Test
    void aFailureWithOnlyStderrWritesTheStderrFileAndNoStdoutFile() {
        // given
        byte[] stderr = RealResultSet.bytes(RealResultSet.EVO_X2, "topology/lstopo.svg.stderr.txt");

        // when
        CaptureRecord record = CaptureFiles.store(dir, spec("lstopo_svg"), null, NONE, stderr, null);

        // then
        assertThat(record.status()).isEqualTo("skipped");
        assertThat(record.exitStatus()).isEqualTo(-1);
        assertThat(record.stdoutPath()).isNull();
        assertThat(dir.resolve("topology/lstopo.svg")).doesNotExist();
        assertThat(dir.resolve("topology/lstopo.svg.stderr.txt")).hasContent(new String(stderr, StandardCharsets.UTF_8));
        assertThat(record.reason()).contains("X display");
    }

    @Test
    void emptyStdoutCreatesAnEmptyFileOnlyOnSuccess() {
        // given / when
        CaptureRecord ok = CaptureFiles.store(dir, spec("lspci"), 0, NONE, NONE, null);
        CaptureRecord failed = CaptureFiles.store(dir, spec("numactl"), 1, NONE, NONE, null);

        // then
        assertThat(dir.resolve("raw/lspci.txt")).exists().isEmptyFile();
        assertThat(ok.stdoutPath()).isEqualTo("raw/lspci.txt");
        assertThat(dir.resolve("raw/numactl.txt")).doesNotExist();
        assertThat(failed.status()).isEqualTo("failed");
        assertThat(failed.stdoutPath()).isNull();
    }

    @Test
    void aMissingProgramUnderSudoIsExplainedFromThePtyOutput() {
        // given: with a PTY sudo's complaint arrives on stdout, after the echoed password
        byte[] stdout = bytes("hunter2\r\nsudo: lshw: command not found\r\n");

        // when
        CaptureRecord record = CaptureFiles.store(dir, spec("lshw_network"), 1, stdout, NONE, "hunter2");

        // then
        assertThat(record.status()).isEqualTo("skipped");
        assertThat(record.reason()).isEqualTo("lshw not installed: sudo apt-get install -y lshw");
        assertThat(dir.resolve("raw/lshw_network.txt")).hasContent("sudo: lshw: command not found\n");
    }

    @Test
    void anOutputThatWasOnlyThePasswordEchoCountsAsEmpty() {
        // given
        byte[] stdout = bytes("hunter2\r\n\r\n");

        // when
        CaptureRecord record = CaptureFiles.store(dir, spec("dmi_system"), 1, stdout, NONE, "hunter2");

        // then
        assertThat(record.stdoutPath()).isNull();
        assertThat(dir.resolve("raw/dmi_system.txt")).doesNotExist();
        assertThat(record.reason()).isEqualTo("command exited with status 1 without any stderr output");
    }
}
