package org.sth.automation.host.quiet;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;

/**
 * The quiet-host probe ({@code quiet-probe.sh}, beside this class): a bash script of builtins over {@code /proc} and
 * {@code /sys} that prints one tagged line per fact; {@link QuietSample#parse} reads it. Nothing is installed on the
 * host and nothing is left behind; a fact the host cannot give is printed as {@code U <probe> <reason>}.
 */
public final class QuietProbe {

    private static final String SCRIPT = load();

    private QuietProbe() {
    }

    /** The command that takes one sample, measuring CPU use over {@code window}. */
    public static String command(Duration window) {
        return "QUIET_WINDOW=" + seconds(window) + "\n" + SCRIPT;
    }

    /** How long a sample may take: its window plus the time to read a large host's {@code /proc} over a slow link. */
    public static Duration timeout(Duration window) {
        return window.plusSeconds(30);
    }

    /** The window in seconds as {@code sleep} takes it. */
    static String seconds(Duration window) {
        return String.format(Locale.ROOT, "%.3f", window.toMillis() / 1000.0);
    }

    private static String load() {
        try (InputStream in = QuietProbe.class.getResourceAsStream("quiet-probe.sh")) {
            if (in == null) {
                throw new IllegalStateException("quiet-probe.sh is missing beside " + QuietProbe.class.getName() + " (a broken build)");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read quiet-probe.sh: " + e.getMessage(), e);
        }
    }
}
