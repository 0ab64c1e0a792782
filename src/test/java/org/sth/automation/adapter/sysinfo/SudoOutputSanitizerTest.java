package org.sth.automation.adapter.sysinfo;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SudoOutputSanitizerTest {

    private static String clean(String raw, String password) {
        return new String(SudoOutputSanitizer.clean(raw.getBytes(StandardCharsets.UTF_8), password),
                StandardCharsets.UTF_8);
    }

    @ParameterizedTest
    @ValueSource(strings = {"raw/dmi_system.txt", "raw/dmi_memory.txt", "raw/lshw_network.txt"})
    void stripsTheSudoRsEchoMaskAndEraseSequencesOfTheRealEvoX2Files(String file) {
        // given: Ubuntu 26.04 / sudo-rs echoed "sthuser\r\n*******\b \b…\r\n"
        byte[] raw = RealResultSet.bytes(RealResultSet.EVO_X2, file);

        // when
        String cleaned = new String(SudoOutputSanitizer.clean(raw, "sthuser"), StandardCharsets.UTF_8);

        // then
        assertThat(cleaned).doesNotContain("sthuser", "\r\n", "\b", "***");
        assertThat(cleaned).startsWith(file.contains("dmi") ? "# dmidecode 3.6\n" : "\r\rDMI");
    }

    @ParameterizedTest
    @ValueSource(strings = {"raw/dmi_system.txt", "raw/dmi_memory.txt", "raw/lshw_network.txt"})
    void stripsTheClassicSudoEchoOfTheRealAmponed8Files(String file) {
        // given: Ubuntu 24.04 / classic sudo echoed "ubuntu\r\n\r\n"
        byte[] raw = RealResultSet.bytes(RealResultSet.AMPONED8, file);

        // when
        String cleaned = new String(SudoOutputSanitizer.clean(raw, "ubuntu"), StandardCharsets.UTF_8);

        // then
        assertThat(cleaned).doesNotContain("ubuntu", "\r\n");
        assertThat(cleaned).startsWith(file.contains("dmi") ? "# dmidecode 3.5\n" : "\r\rDMI");
    }

    @Test
    void parsersGiveTheSameResultOnCleanedOutput() {
        // given
        String raw = RealResultSet.text(RealResultSet.EVO_X2, "raw/dmi_memory.txt");
        String lshw = RealResultSet.text(RealResultSet.AMPONED8, "raw/lshw_network.txt");

        // when
        String cleanDmi = clean(raw, "sthuser");
        String cleanLshw = clean(lshw, "ubuntu");

        // then
        assertThat(MemorySummary.build(null, cleanDmi)).isEqualTo(MemorySummary.build(null, raw));
        assertThat(LshwNetworkParser.interfaces(cleanLshw)).isEqualTo(LshwNetworkParser.interfaces(lshw));
    }

    @Test
    void redactsThePasswordWhereverItStillAppears() {
        // given: sudo-rs style preamble, then output that happens to contain the password
        String raw = "s3cr3t!\r\n*******\b \b\b \b\b \b\b \b\b \b\b \b\b \b\r\nline with s3cr3t! inside\r\nend s3cr3t!";

        // when
        String cleaned = clean(raw, "s3cr3t!");

        // then
        assertThat(cleaned).isEqualTo("line with [REDACTED] inside\nend [REDACTED]");
    }

    @Test
    void withoutAPasswordOnlyMaskLinesAreStripped() {
        // given
        String raw = "********\b \b\b \b\r\n\r\n# dmidecode 3.6\r\n";

        // when / then
        assertThat(clean(raw, null)).isEqualTo("# dmidecode 3.6\n");
        assertThat(clean("hunter2\r\nHandle 0x1\r\n", null)).isEqualTo("hunter2\nHandle 0x1\n");
    }

    @ParameterizedTest
    @ValueSource(strings = {"RED", "[", "D]x", "ACTED]", "E"})
    void neverLeavesThePasswordEvenWhenItIsPartOfTheRedactionMarker(String password) {
        // given
        String raw = password + "\r\nout " + password + "x " + password + password + " [REDACTED] D]xD]x\r\n";

        // when
        String cleaned = clean(raw, password);

        // then
        assertThat(cleaned).doesNotContain(password).startsWith("out ");
    }

    @Test
    void keepsNonUtf8BytesAndRedactsAUtf8Password() {
        // given
        byte[] prefix = "pässwörd\r\n".getBytes(StandardCharsets.UTF_8);
        byte[] body = {(byte) 0xff, (byte) 0xfe, 'o', 'k', '\r', '\n'};
        byte[] raw = new byte[prefix.length + body.length];
        System.arraycopy(prefix, 0, raw, 0, prefix.length);
        System.arraycopy(body, 0, raw, prefix.length, body.length);

        // when
        byte[] cleaned = SudoOutputSanitizer.clean(raw, "pässwörd");

        // then
        assertThat(cleaned).containsExactly((byte) 0xff, (byte) 0xfe, 'o', 'k', '\n');
    }

    @Test
    void outputWithoutPreambleOnlyLosesCarriageReturnsBeforeNewlines() {
        // given
        String raw = "# dmidecode 3.5\r\nprogress\rdone\r\n";

        // when / then
        assertThat(clean(raw, "pw")).isEqualTo("# dmidecode 3.5\nprogress\rdone\n");
        assertThat(clean("", "pw")).isEmpty();
    }
}
