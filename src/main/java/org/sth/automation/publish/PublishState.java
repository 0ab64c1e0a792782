package org.sth.automation.publish;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** A publish target's position in the publish state machine ({@code publish_ledger.json} {@code targets.<adapter>.state}, docs/publish.md). */
public enum PublishState {
    /** Staged; the config has no publish target for the benchmark. */
    STAGED_NO_TARGET,
    /** The results clone is not configured or not a git repository. */
    REPO_MISSING,
    /** The deterministic commit is in the worktree. */
    COMMITTED,
    /** The clone has no such remote. */
    REMOTE_MISSING,
    /** The remote's URL is not the one the target expects. */
    REMOTE_MISMATCH,
    /** Ready to push ({@code push_local} false stops here). */
    PUSH_READY,
    /** The push did not reach the remote, or could not be verified. */
    PUSH_FAILED,
    /** Pushed and verified. */
    PUSHED_LOCAL,
    /** Ready for a pull request ({@code create_pr_local} false stops here). */
    PR_READY,
    /** gh is not installed. */
    GH_MISSING,
    /** gh is not logged in. */
    GH_AUTH_MISSING,
    /** gh pr create failed. */
    PR_CREATE_FAILED,
    /** The pull request was opened. */
    PR_CREATED,
    /** An open pull request for the branch was found and reused. */
    PR_REUSED;

    /** The snake_case name written to JSON. */
    @JsonValue
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The state named {@code id}; an unknown name is an {@link IllegalArgumentException}. */
    @JsonCreator
    public static PublishState of(String id) {
        for (PublishState s : values()) {
            if (s.id().equals(id)) {
                return s;
            }
        }
        throw new IllegalArgumentException("Unknown publish state '" + id + "'");
    }
}
