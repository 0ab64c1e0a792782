package org.sth.automation.transport;

import java.time.Duration;

/**
 * A command to run on the remote host through {@code bash -lc}. {@code stdin} may carry a secret
 * (e.g. a sudo password) and is never recorded; {@code timeout} bounds the whole command
 * (wall clock), after which the remote process group is terminated.
 *
 * @param command   the shell command line, as it is recorded in ledgers (after redaction)
 * @param stdin     bytes written to the command's stdin then closed; {@code null} for none
 * @param timeout   wall-clock ceiling for the command
 * @param step      the step label this command belongs to (for ledgers), e.g. {@code system-info/execute}
 * @param token     the {@code STH_CMD_ID} its processes carry on the host; null for a fresh one per run of the
 *                  command. A checkpointed command gets a stable one, so a later incarnation can find an earlier one.
 */
public record RemoteCommand(String command, byte[] stdin, Duration timeout, String step, String token) {

    public RemoteCommand(String command, byte[] stdin, Duration timeout, String step) {
        this(command, stdin, timeout, step, null);
    }

    /** The same command, its processes marked with {@code token}. */
    public RemoteCommand withToken(String token) {
        return new RemoteCommand(command, stdin, timeout, step, token);
    }

    public static RemoteCommand of(String command, Duration timeout, String step) {
        return new RemoteCommand(command, null, timeout, step);
    }
}
