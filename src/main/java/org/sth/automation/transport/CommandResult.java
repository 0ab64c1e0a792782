package org.sth.automation.transport;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;

/**
 * What a remote command did. {@code exitCode} is {@code null} when the server sent no exit status
 * (e.g. the command was terminated). {@code outcome}: {@link CommandOutcome}.
 */
public record CommandResult(
        String command,
        Integer exitCode,
        byte[] stdout,
        byte[] stderr,
        Instant started,
        Instant ended,
        CommandOutcome outcome) {

    public boolean ok() {
        return outcome == CommandOutcome.OK;
    }

    /** Whether the engine stopped the command at its ceiling (its process group was killed). */
    public boolean terminated() {
        return outcome == CommandOutcome.TERMINATED;
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
