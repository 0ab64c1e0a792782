package org.sth.automation.io;

import java.io.ByteArrayOutputStream;
import java.io.FilterWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;

/**
 * Text from a host made harmless for terminals and Markdown: escape sequences, control characters and
 * bidirectional overrides become visible {@code \u001b}-style escapes (valid in JSON strings too, so the same
 * rule can sit under any output). Raw bytes stay in the raw files; only what a human reads goes through here.
 */
public final class SafeText {

    private SafeText() {
    }

    /** Multi-line text: newlines and tabs are kept (CRLF becomes LF), every other control character is escaped. */
    public static String text(String s) {
        return escape(s, false);
    }

    /** One line: as {@link #text}, and newlines are escaped too, so a value cannot start a line of its own. */
    public static String line(String s) {
        return escape(s, true);
    }

    /** A Markdown table cell: one line, with {@code |} escaped so the value stays in its cell. */
    public static String markdownCell(String s) {
        if (s == null) {
            return null;
        }
        return escape(s.replace("\r\n", " ").replace('\n', ' '), true).replace("|", "\\|");
    }

    /** Whether {@code c} would be escaped in multi-line text. */
    public static boolean isUnsafe(int c) {
        return (c < 0x20 && c != '\n' && c != '\t') || (c >= 0x7f && c <= 0x9f)
                || c == 0x061c || c == 0x200e || c == 0x200f || (c >= 0x202a && c <= 0x202e) || (c >= 0x2066 && c <= 0x2069);
    }

    private static String escape(String s, boolean oneLine) {
        if (s == null) {
            return null;
        }
        StringBuilder out = null;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean crlf = c == '\r' && i + 1 < s.length() && s.charAt(i + 1) == '\n' && !oneLine;
            if (crlf || isUnsafe(c) || (oneLine && c == '\n')) {
                if (out == null) {
                    out = new StringBuilder(s.length() + 16).append(s, 0, i);
                }
                if (!crlf) {
                    appendEscape(out, c);
                }
            } else if (out != null) {
                out.append(c);
            }
        }
        return out == null ? s : out.toString();
    }

    private static void appendEscape(StringBuilder out, char c) {
        out.append(String.format("\\u%04x", (int) c));
    }

    /**
     * A writer that escapes as {@link #text} on the way through: everything a CLI prints goes through one, so no
     * host-supplied byte can drive the operator's terminal.
     */
    public static Writer writer(Writer target) {
        return new FilterWriter(target) {
            private boolean pendingCr;

            @Override
            public void write(int c) throws IOException {
                if (pendingCr) {
                    pendingCr = false;
                    if (c != '\n') {
                        out.write("\\u000d");
                    }
                }
                if (c == '\r') {
                    pendingCr = true;
                } else if (isUnsafe(c)) {
                    out.write(String.format("\\u%04x", c));
                } else {
                    out.write(c);
                }
            }

            @Override
            public void write(char[] cbuf, int off, int len) throws IOException {
                for (int i = off; i < off + len; i++) {
                    write(cbuf[i]);
                }
            }

            @Override
            public void write(String str, int off, int len) throws IOException {
                for (int i = off; i < off + len; i++) {
                    write(str.charAt(i));
                }
            }

            @Override
            public void flush() throws IOException {
                if (pendingCr) {
                    pendingCr = false;
                    out.write("\\u000d");
                }
                super.flush();
            }
        };
    }

    /**
     * A byte stream that escapes as {@link #text}, line by line (UTF-8): for {@code System.out}/{@code System.err}, where
     * log lines may quote a host's message.
     */
    public static OutputStream stream(OutputStream target) {
        return new OutputStream() {
            private final ByteArrayOutputStream line = new ByteArrayOutputStream();

            @Override
            public synchronized void write(int b) throws IOException {
                line.write(b);
                if (b == '\n') {
                    drain();
                }
            }

            @Override
            public synchronized void flush() throws IOException {
                drain();
                target.flush();
            }

            @Override
            public synchronized void close() throws IOException {
                flush();
                target.close();
            }

            private void drain() throws IOException {
                if (line.size() > 0) {
                    target.write(text(line.toString(StandardCharsets.UTF_8)).getBytes(StandardCharsets.UTF_8));
                    line.reset();
                }
            }
        };
    }
}
