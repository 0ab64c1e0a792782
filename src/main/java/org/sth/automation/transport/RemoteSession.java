package org.sth.automation.transport;

import java.nio.file.Path;
import java.util.List;

/**
 * An authenticated SSH connection to one host (through its whole hop chain), reused for every
 * command and transfer of a run. Not thread-safe for concurrent exec on the same instance.
 */
public interface RemoteSession extends AutoCloseable {

    /** The configured host name. */
    String host();

    /** Names of the hops used, controller side first, the target last. */
    List<String> hops();

    /** Runs one command; never throws for a non-zero exit, only for transport failures. */
    CommandResult exec(RemoteCommand command);

    /**
     * Runs a command that is safe to run twice: when the connection is lost (or cannot be re-opened
     * for a retryable reason) the chain is reconnected and the command re-run, within the host's retry
     * policy. Implementations without reconnection just run it once.
     */
    default CommandResult execIdempotent(RemoteCommand command) {
        return exec(command);
    }

    /**
     * Ends every process on the host that carries {@code token} (an earlier incarnation of a command, left running
     * when its controller died: OpenSSH does not kill a command when its channel closes): TERM, then KILL after a
     * grace period. Returns how many processes were found, or -1 when this session cannot look for them.
     * {@code stillMine} runs (and may throw) right before each signal leaves for the host: a caller that may lose the
     * right to act for the command meanwhile (a controller paused, then fenced) sends no signal after it lost it, beyond
     * the instant between the check and the send.
     */
    default int endProcesses(String token, Runnable stillMine) {
        return -1;
    }

    /** Uploads a file; skipped (outcome {@code skipped_same_digest}) when the remote copy has the same sha256. */
    TransferResult upload(Path local, String remotePath);

    /** Downloads a file, hashing it on the way. */
    TransferResult download(String remotePath, Path local);

    /**
     * How commands reach a host: {@code runner} (one shell per connection) or {@code per_command} (an exec channel
     * each); {@code reason} says why a host that was to use the runner does not (null otherwise).
     */
    record Shell(String mode, String reason) {
        public static final Shell PER_COMMAND = new Shell("per_command", null);
    }

    /** Gets ready for commands (starts the host's runner) ahead of the first one; a failure is left to that command. */
    default void prepare() {
    }

    /** How commands reach this host now. */
    default Shell remoteShell() {
        return Shell.PER_COMMAND;
    }

    /** Whether the underlying connection (every hop) is still open. */
    boolean isOpen();

    @Override
    void close();
}
