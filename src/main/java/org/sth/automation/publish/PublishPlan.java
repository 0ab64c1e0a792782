package org.sth.automation.publish;

import java.nio.file.Path;
import java.time.Instant;
import org.sth.automation.config.AutomationConfig;
import org.sth.automation.config.PublishTarget;
import org.sth.automation.run.RunLayout;

/**
 * One benchmark's resolved publish target: where the payload is staged, which local repository and
 * remote it goes to, and the branch and identity of its deterministic commit.
 *
 * @param adapter        adapter name
 * @param host           host name of the run
 * @param stamp          run stamp (the run directory's name)
 * @param targetKey      key of the {@code [publish.<target>]} table the adapter uses
 * @param target         that table, or null when the config has none
 * @param repoPathKey    {@code [paths]} repo key (without {@code _repo})
 * @param repoPath       the local results repository, or null when {@code [paths]} has no such key
 * @param stagingDir     {@code publish-staging/<adapter>/}
 * @param worktreeDir    {@code publish-worktrees/<adapter>/}
 * @param payloadPath    {@code Results/<host>/<stamp>/<adapter>}, relative to the repository root
 * @param branch         {@code automation/<host>/<adapter>/<stamp>}
 * @param createdAt      the run's creation time, used as commit time
 * @param identName      author and committer name
 * @param identEmail     author and committer e-mail
 */
public record PublishPlan(
        String adapter,
        String host,
        String stamp,
        String targetKey,
        PublishTarget target,
        String repoPathKey,
        Path repoPath,
        Path stagingDir,
        Path worktreeDir,
        String payloadPath,
        String branch,
        Instant createdAt,
        String identName,
        String identEmail) {

    public static final String DEFAULT_NAME = "sth-bench-automation";
    public static final String DEFAULT_EMAIL = "automation@localhost";

    /** Resolves the plan from the adapter's metadata, the config's {@code [publish.*]} and {@code [paths]}. */
    public static PublishPlan resolve(AutomationConfig config, RunLayout layout, String host, Instant createdAt, PublishSubject spec) {
        String stamp = layout.dir().getFileName().toString();
        PublishTarget target = config.publish().get(spec.targetKey());
        String repoKey = target != null && target.repoPathKey() != null ? target.repoPathKey() : spec.repoPathKey();
        Path repo = config.paths().repos().get(repoKey);
        return new PublishPlan(spec.benchmark(), host, stamp, spec.targetKey(), target, repoKey, repo,
                layout.publishStaging().resolve(spec.benchmark()), layout.publishWorktrees().resolve(spec.benchmark()),
                "Results/" + host + "/" + stamp + "/" + spec.benchmark(),
                "automation/" + host + "/" + spec.benchmark() + "/" + stamp, createdAt, DEFAULT_NAME, DEFAULT_EMAIL);
    }

    /** The staged payload directory (the repository layout below {@link #stagingDir}). */
    public Path stagedPayload() {
        return stagingDir.resolve(payloadPath);
    }

    public String remoteName() {
        return target == null || target.remote() == null ? "origin" : target.remote();
    }

    public String baseBranch() {
        return target == null || target.baseBranch() == null ? "main" : target.baseBranch();
    }

    public String commitMessage() {
        return "Publish " + adapter + " results for " + host + " (" + stamp + ")";
    }
}
