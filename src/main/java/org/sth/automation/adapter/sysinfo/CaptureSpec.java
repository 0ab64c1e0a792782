package org.sth.automation.adapter.sysinfo;

import java.time.Duration;
import java.util.Objects;

/**
 * One command of the system-info capture list: what to run, where its stdout lands (relative to the
 * collection directory), whether it needs sudo, whether its failure is tolerated, and its per-read timeout.
 */
public record CaptureSpec(String id, String command, String target, boolean sudo, boolean optional, Duration timeout) {

    /** The original collector's default per-read channel timeout. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(300);

    public CaptureSpec {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(command, "command");
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(timeout, "timeout");
        if (target.startsWith("/") || target.contains("..")) {
            throw new IllegalArgumentException("target must be a relative path inside the collection: " + target);
        }
    }

    /** Where non-empty stderr is stored, relative to the collection directory. */
    public String stderrTarget() {
        return target + ".stderr.txt";
    }

    /** The program the command starts (first word), e.g. {@code lstopo} for {@code lstopo --of xml}. */
    public String program() {
        String trimmed = command.strip();
        int space = trimmed.indexOf(' ');
        return space < 0 ? trimmed : trimmed.substring(0, space);
    }
}
