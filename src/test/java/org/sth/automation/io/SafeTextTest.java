package org.sth.automation.io;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.StringWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class SafeTextTest {

    private static final String HOSTILE = "\u001b]0;PWNED\u0007\u001b[2J";

    @Test
    void escapeSequencesAndControlCharactersBecomeVisibleEscapes() {
        // given the title-setting and screen-clearing sequence inside host output
        String raw = "Linux " + HOSTILE + " x86_64\tok\u009b31m\u202eevil\u007f";

        // when
        String safe = SafeText.text(raw);

        // then no control character is left, and each one is shown where it was
        assertThat(safe.chars()).noneMatch(SafeText::isUnsafe);
        assertThat(safe).isEqualTo("Linux \\u001b]0;PWNED\\u0007\\u001b[2J x86_64\tok\\u009b31m\\u202eevil\\u007f");
    }

    @Test
    void multiLineTextKeepsItsLinesButOneLineValuesCannotStartANewLine() {
        assertThat(SafeText.text("a\r\nb\rc\n")).isEqualTo("a\nb\\u000dc\n");
        assertThat(SafeText.line("a\nRun completed")).isEqualTo("a\\u000aRun completed");
        assertThat(SafeText.markdownCell("a|b\nc" + HOSTILE)).isEqualTo("a\\|b c\\u001b]0;PWNED\\u0007\\u001b[2J");
        assertThat(SafeText.text("plain UTF-8: Ryzen™ 9 – 3.4 GHz")).isEqualTo("plain UTF-8: Ryzen™ 9 – 3.4 GHz");
    }

    @Test
    void theWriterAndTheStreamEscapeWhatPassesThrough() throws Exception {
        // given
        StringWriter sw = new StringWriter();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();

        // when
        try (Writer w = SafeText.writer(sw); OutputStream o = SafeText.stream(bytes)) {
            w.write("err: " + HOSTILE + "\r\nnext\n");
            o.write(("log " + HOSTILE + "\n").getBytes(StandardCharsets.UTF_8));
            o.write("tail\u001b".getBytes(StandardCharsets.UTF_8));
        }

        // then
        assertThat(sw.toString()).isEqualTo("err: \\u001b]0;PWNED\\u0007\\u001b[2J\nnext\n");
        assertThat(bytes.toString(StandardCharsets.UTF_8)).isEqualTo("log \\u001b]0;PWNED\\u0007\\u001b[2J\ntail\\u001b");
    }
}
