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
 */
public record RemoteCommand(String command, byte[] stdin, Duration timeout, String step) {

    public static RemoteCommand of(String command, Duration timeout, String step) {
        return new RemoteCommand(command, null, timeout, step);
    }
}
