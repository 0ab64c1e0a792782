package org.sth.automation.transport;

/**
 * The holder epoch of a command, checked on its host: a file ({@code file}, in the run's private scratch there) holds
 * the highest epoch that started or ended an incarnation of the command, compared and raised under a lock ({@code flock}
 * where the host has it) by {@link #guard} before the command runs and by {@link #raise} before a successor ends an
 * earlier incarnation. A controller paused between its own fence check and the send of a command (or a signal) that
 * reaches the host after its successor took the run over is refused there: the host has seen the later epoch.
 *
 * <p>Without the file's folder (the scratch is gone, or was never made) the command runs as before: the controller's
 * own check ({@code RunFence}) stands alone.
 *
 * @param file  absolute path of the fence file on the host (safe characters only: it is quoted all the same)
 * @param epoch the epoch this controller acts under
 */
public record HostFence(String file, long epoch) {

    /** Exit status of a command refused by its host's fence (EX_TEMPFAIL), with {@link #REFUSED} on its stderr. */
    public static final int EXIT_FENCED = 75;

    /** What a refused command prints on stderr, followed by the epoch the host has seen. */
    public static final String REFUSED = "sth: fenced on the host: a later holder of this run has epoch ";

    public HostFence {
        if (file == null || !file.matches("/[A-Za-z0-9._/+-]+") || file.contains("/../")) {
            throw new IllegalArgumentException("not a fence file path: " + file);
        }
        if (epoch < 1) {
            throw new IllegalArgumentException("a holder epoch starts at 1: " + epoch);
        }
    }

    // compares and raises under an flock of <file>.lock (written in place under it: a torn write reads as 0, which fails
    // open); the folder is made once, never the scratch above it (a run whose scratch was removed must not get it back);
    // no lock or no folder: fail open, the controller's check stands. Names of its own; fd 9 is closed before the command.
    private String function() {
        return "_sth_fence() { _sth_c=0; _sth_d=${1%/*}; "
                + "[ -d \"$_sth_d\" ] || mkdir -m 700 -- \"$_sth_d\" 2>/dev/null || [ -d \"$_sth_d\" ] || return 0; "
                + "exec 9>>\"$1.lock\" || return 0; "
                + "if command -v flock >/dev/null 2>&1; then flock -w 30 9; fi; "
                + "read -r _sth_c <\"$1\" 2>/dev/null; case $_sth_c in ''|*[!0-9]*) _sth_c=0;; esac; "
                + "if [ \"$_sth_c\" -gt \"$2\" ]; then exec 9>&-; return 1; fi; "
                + "if [ \"$_sth_c\" -lt \"$2\" ]; then printf '%s\\n' \"$2\" >\"$1\"; fi; "
                + "exec 9>&-; return 0; } 2>/dev/null\n";
    }

    /** {@code command}, refused by the host (exit {@link #EXIT_FENCED}) when a later epoch started or ended it there. */
    public String guard(String command) {
        return function() + "_sth_fence " + SshRemoteSession.quote(file) + " " + epoch + " || { printf '%s%s\\n' "
                + SshRemoteSession.quote(REFUSED) + " \"$_sth_c\" >&2; exit " + EXIT_FENCED + "; }\n" + command;
    }

    /** A command that raises the host's epoch to this one and prints {@code ok}, or {@code fenced <epoch>} when it is later. */
    public String raise() {
        return function() + "if _sth_fence " + SshRemoteSession.quote(file) + " " + epoch + "; then echo ok; else echo \"fenced $_sth_c\"; fi";
    }

    /** Whether {@code result} is this fence's refusal (not the command's own exit 75). */
    public static boolean refused(CommandResult result) {
        return result.exitCode() != null && result.exitCode() == EXIT_FENCED && result.stderrText().contains(REFUSED);
    }
}
