package org.sth.automation.adapter.sysinfo;

import java.nio.charset.StandardCharsets;

/**
 * Cleans the stdout of a command run under {@code sudo -S} with a PTY before it is stored: drops the echoed password
 * line, sudo-rs {@code *} masks and {@code \b \b} erase sequences at the start, turns CRLF into LF, and guarantees
 * the password appears nowhere in the result.
 */
public final class SudoOutputSanitizer {

    /** What any remaining occurrence of the password is replaced with. */
    public static final String REDACTED = "[REDACTED]";

    private static final int MAX_PREAMBLE_LINES = 6;

    private SudoOutputSanitizer() {
    }

    /**
     * The cleaned bytes. Without a password only mask/erase lines (and blank lines right after them) are stripped,
     * since an unknown echoed line cannot be told apart from real output.
     */
    public static byte[] clean(byte[] raw, String passwordOrNull) {
        // ISO-8859-1 maps every byte to one char and back, so binary or non-UTF-8 output survives untouched.
        String text = new String(raw, StandardCharsets.ISO_8859_1).replace("\r\n", "\n");
        String password = passwordOrNull == null || passwordOrNull.isEmpty() ? null
                : new String(passwordOrNull.getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1);
        text = stripPreamble(text, password);
        if (password != null) {
            text = redact(text, password);
        }
        return text.getBytes(StandardCharsets.ISO_8859_1);
    }

    private static String stripPreamble(String text, String password) {
        int offset = 0;
        boolean strippedSomething = false;
        for (int i = 0; i < MAX_PREAMBLE_LINES && offset < text.length(); i++) {
            int newline = text.indexOf('\n', offset);
            if (newline < 0) {
                break;
            }
            String line = text.substring(offset, newline);
            String visible = line.replace("\b \b", "").replace("\b", "").replace("\r", "").strip();
            boolean echo = password != null && visible.equals(password.strip());
            boolean mask = !visible.isEmpty() && visible.chars().allMatch(c -> c == '*')
                    || visible.isEmpty() && line.indexOf('\b') >= 0;
            boolean blankAfterEcho = strippedSomething && visible.isEmpty();
            if (!(echo || mask || blankAfterEcho)) {
                break;
            }
            strippedSomething = true;
            offset = newline + 1;
        }
        return text.substring(offset);
    }

    private static String redact(String text, String password) {
        String result = text;
        if (!REDACTED.contains(password)) {
            // Bounded: a replacement can only create a new match across its own edges a few times.
            for (int i = 0; i < 4 && result.contains(password); i++) {
                result = result.replace(password, REDACTED);
            }
        }
        // Each pass shortens the text, so this ends; it covers passwords that are part of "[REDACTED]" itself.
        while (result.contains(password)) {
            result = result.replace(password, "");
        }
        return result;
    }
}
