package org.sth.automation.publish;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collection;
import java.util.Locale;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.EmptyProgressMonitor;
import org.eclipse.jgit.lib.NullProgressMonitor;
import org.eclipse.jgit.lib.ProgressMonitor;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.StoredConfig;
import org.eclipse.jgit.transport.PushResult;
import org.eclipse.jgit.transport.RefSpec;
import org.eclipse.jgit.transport.RemoteRefUpdate;
import org.sth.automation.io.FaultPoints;

/**
 * Checks the local repository's remote against the target's expectation, pushes the result branch from the
 * worktree with JGit and verifies that the remote ref equals the local commit.
 */
public final class Pusher {

    private static final Duration RETRY_AFTER = Duration.ofSeconds(2);

    /** The remote check: {@code state} is {@code ok}, {@code remote_missing} or {@code remote_mismatch}. */
    public record RemoteCheck(String state, String remote, String url, String expectedUrl) {

        public boolean ok() {
            return "ok".equals(state);
        }
    }

    /** The outcome of a push: whether the remote ref equals the commit, whether this call pushed, and why not. */
    public record PushOutcome(boolean verified, boolean pushed, String remoteRef, String remoteCommit, String error) {
    }

    /** Reads {@code remote.<name>.url} of the local repository and compares it with the expected URL, if any. */
    public RemoteCheck check(PublishPlan plan) {
        String expected = plan.target() == null ? null : plan.target().remoteUrl();
        try (Git git = Git.open(plan.repoPath().toFile())) {
            StoredConfig cfg = git.getRepository().getConfig();
            String url = cfg.getString("remote", plan.remoteName(), "url");
            if (url == null || url.isBlank()) {
                return new RemoteCheck("remote_missing", plan.remoteName(), null, expected);
            }
            if (expected != null && !normalize(expected).equals(normalize(url))) {
                return new RemoteCheck("remote_mismatch", plan.remoteName(), Urls.masked(url), Urls.masked(expected));
            }
            return new RemoteCheck("ok", plan.remoteName(), url, expected);
        } catch (IOException e) {
            return new RemoteCheck("remote_missing", plan.remoteName(), null, expected);
        }
    }

    /** The commit the remote's branch points at, or null when the branch is absent. */
    public String remoteCommit(String url, String branch) throws GitAPIException {
        Collection<Ref> refs = Git.lsRemoteRepository().setRemote(url).setHeads(true).call();
        for (Ref r : refs) {
            if (r.getName().equals(Constants.R_HEADS + branch)) {
                return r.getObjectId().name();
            }
        }
        return null;
    }

    /**
     * Pushes {@code branch} from the worktree to {@code url} unless the remote already has {@code commit}, then verifies.
     * A local remote ({@code file://} or a path) is locked and recovered first: JGit receives such a push inside this
     * process, so a kill mid-push leaves the receiver's leftovers there (see {@link GitDebris}). A push cut by a lost
     * connection is tried once more.
     */
    public PushOutcome push(PublishPlan plan, String url, String commit, WorktreeCommitter.Recovered recovered) {
        String ref = Constants.R_HEADS + plan.branch();
        Path local = localPath(url);
        try (RepositoryLocks.Held locks = WorktreeCommitter.lockAndRecover(plan, local, Urls.masked(url), recovered)) {
            for (int attempt = 1; ; attempt++) {
                try {
                    return pushOnce(plan, url, commit, ref);
                } catch (org.eclipse.jgit.api.errors.TransportException e) {
                    if (attempt >= 2 || local != null) {
                        throw e;
                    }
                    Thread.sleep(RETRY_AFTER.toMillis());
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new PushOutcome(false, false, ref, null, "interrupted while pushing");
        } catch (GitAPIException | IOException | RuntimeException e) {
            return new PushOutcome(false, false, ref, null, Urls.maskIn(String.valueOf(e.getMessage()), url));
        }
    }

    private PushOutcome pushOnce(PublishPlan plan, String url, String commit, String ref) throws GitAPIException, IOException {
        String before = remoteCommit(url, plan.branch());
        if (commit.equals(before)) {
            return new PushOutcome(true, false, ref, before, null);
        }
        try (Git git = Git.open(plan.worktreeDir().toFile())) {
            Iterable<PushResult> results = git.push().setRemote(url).setRefSpecs(new RefSpec(ref + ":" + ref))
                    .setProgressMonitor(FaultPoints.armed() ? pausingWhileWriting(plan.adapter()) : NullProgressMonitor.INSTANCE)
                    .call();
            for (PushResult pr : results) {
                RemoteRefUpdate u = pr.getRemoteUpdate(ref);
                if (u != null && u.getStatus() != RemoteRefUpdate.Status.OK && u.getStatus() != RemoteRefUpdate.Status.UP_TO_DATE) {
                    String after = remoteCommit(url, plan.branch());
                    return new PushOutcome(false, false, ref, after,
                            "push rejected: " + u.getStatus() + (u.getMessage() == null ? "" : " (" + u.getMessage() + ")"));
                }
            }
        }
        String after = remoteCommit(url, plan.branch());
        return new PushOutcome(commit.equals(after), true, ref, after,
                commit.equals(after) ? null : "after the push the remote " + ref + " is " + after + ", not " + commit);
    }

    /** The fault suite's {@code publish.push} point: reached once the pack is on its way to the remote. */
    private static ProgressMonitor pausingWhileWriting(String adapter) {
        return new EmptyProgressMonitor() {
            private String task = "";

            @Override
            public void beginTask(String title, int totalWork) {
                task = title;
            }

            @Override
            public void update(int completed) {
                if (task.startsWith("Writing objects")) {
                    FaultPoints.reach("publish.push", adapter);
                }
            }
        };
    }

    /** The directory of a local remote ({@code file:} URL or absolute path), or null for a network remote. */
    static Path localPath(String url) {
        if (url == null) {
            return null;
        }
        String u = url.strip();
        if (u.startsWith("/")) {
            return Path.of(u);
        }
        if (u.regionMatches(true, 0, "file:", 0, 5)) {
            try {
                return Path.of(URI.create(u));
            } catch (IllegalArgumentException e) {
                return Path.of(u.substring(5).replaceFirst("^//", ""));
            }
        }
        return null;
    }

    /** Compares remote URLs loosely: scheme-less local paths equal their file URLs; a trailing ".git" or "/" does not matter. */
    static String normalize(String url) {
        String u = url.strip();
        if (u.startsWith("/")) {
            u = Path.of(u).toUri().toString();
        }
        if (u.startsWith("file:")) {
            u = Path.of(URI.create(u)).normalize().toUri().toString();
        }
        while (u.endsWith("/")) {
            u = u.substring(0, u.length() - 1);
        }
        if (u.endsWith(".git")) {
            u = u.substring(0, u.length() - 4);
        }
        return u.toLowerCase(Locale.ROOT).startsWith("file:") ? u : u.toLowerCase(Locale.ROOT);
    }
}
