package org.sth.automation.transport;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;

/**
 * What a remote command did. {@code exitCode} is {@code null} when the server sent no exit status
 * (e.g. the command was terminated). {@code outcome} is one of {@code ok}, {@code failed}
 * (non-zero exit), {@code terminated} (ceiling hit, process group killed), {@code connection_lost}.
 */
public record CommandResult(
        String command,
        Integer exitCode,
        byte[] stdout,
        byte[] stderr,
        Instant started,
        Instant ended,
        String outcome) {

    public boolean ok() {
        return "ok".equals(outcome);
    }

    /** Whether the engine stopped the command at its ceiling (its process group was killed). */
    public boolean terminated() {
        return "terminated".equals(outcome);
    }

    public String stdoutText() {
        return new String(stdout, StandardCharsets.UTF_8);
    }

    public String stderrText() {
        return new String(stderr, StandardCharsets.UTF_8);
    }

    public Duration duration() {
        return Duration.between(started, ended);
    }
}
