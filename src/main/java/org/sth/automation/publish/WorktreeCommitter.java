package org.sth.automation.publish;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import org.eclipse.jgit.api.AddCommand;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.ResetCommand;
import org.eclipse.jgit.api.Status;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.RefUpdate;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.lib.StoredConfig;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.eclipse.jgit.transport.RefSpec;
import org.eclipse.jgit.treewalk.AbstractTreeIterator;
import org.eclipse.jgit.treewalk.FileTreeIterator;
import org.eclipse.jgit.treewalk.WorkingTreeIterator;
import org.sth.automation.AutomationException;
import org.sth.automation.io.FaultPoints;

/**
 * Commits a staged payload deterministically in a per-benchmark worktree under {@code publish-worktrees/<adapter>/}.
 *
 * <p>JGit has no {@code git worktree add}, so the worktree is a separate repository initialised by JGit with the
 * local results repository as its {@code origin} (file URL) and fetched from it, checked out on {@code automation/<host>/<adapter>/<stamp>} from the local repository's base
 * branch. The commit's author, committer, time (the run's {@code created_at}, UTC) and message come from the
 * run, so the same payload on the same base always gives the same commit id; a worktree whose branch already
 * holds that commit is reused. The branch is also written back into the local repository, as
 * {@code git worktree} would show it there.
 */
public final class WorktreeCommitter {

    /** The commit of a publish: its id, its parent (null for a root commit) and whether it already existed. */
    public record Commit(String id, String parent, boolean reused) {
    }

    /** Told what an interrupted earlier attempt left in a repository and was removed before this one began. */
    @FunctionalInterface
    public interface Recovered {
        Recovered NONE = (repository, paths) -> { };

        void removed(String repository, java.util.List<String> paths);
    }

    /** The git directory of a repository: {@code <repo>/.git}, or the repository itself when it is bare. */
    static Path gitDir(Path repo) {
        return Files.isDirectory(repo.resolve(".git")) ? repo.resolve(".git") : repo;
    }

    /** The lock file of a plan's worktree, beside it (outside its work tree, which must stay clean). */
    static Path worktreeLock(PublishPlan plan) {
        return plan.worktreeDir().resolveSibling(plan.worktreeDir().getFileName() + ".lock");
    }

    /**
     * Takes the worktree's lock and the {@code shared} repository's (if any) and recovers what a dead holder left in either (see
     * {@link GitDebris}); the caller closes the returned locks when its git work is done.
     */
    static RepositoryLocks.Held lockAndRecover(PublishPlan plan, Path shared, String sharedLabel, Recovered recovered)
            throws IOException {
        Path wtLock = worktreeLock(plan);
        Files.createDirectories(wtLock.getParent());
        Path sharedGitDir = shared == null ? null : gitDir(shared);
        Path sharedLock = RepositoryLocks.inGitDir(sharedGitDir);
        RepositoryLocks.Held held = RepositoryLocks.lock(wtLock, sharedLock);
        try {
            if (held.exclusive(wtLock)) {
                report(recovered, "publish-worktrees/" + plan.worktreeDir().getFileName(),
                        GitDebris.recoverPrivate(plan.worktreeDir().resolve(".git"), plan.worktreeDir()));
            }
            if (held.exclusive(sharedLock)) {
                report(recovered, sharedLabel, GitDebris.recoverShared(sharedGitDir, Constants.R_HEADS + plan.branch(), shared));
            }
            return held;
        } catch (RuntimeException e) {
            held.close();
            throw e;
        }
    }

    private static void report(Recovered recovered, String repository, java.util.List<String> removed) {
        if (!removed.isEmpty()) {
            recovered.removed(repository, removed);
        }
    }

    /** True when {@code path} is a git repository (work tree or bare). */
    public static boolean isRepository(Path path) {
        if (path == null || !Files.isDirectory(path)) {
            return false;
        }
        try (Repository r = new FileRepositoryBuilder().setMustExist(true).findGitDir(path.toFile()).build()) {
            return r.getDirectory() != null && (r.isBare() ? r.getDirectory().toPath().toRealPath().equals(path.toRealPath())
                    : r.getWorkTree().toPath().toRealPath().equals(path.toRealPath()));
        } catch (IOException | IllegalArgumentException e) {
            return false;
        }
    }

    public Commit commit(PublishPlan plan, Recovered recovered) {
        try (RepositoryLocks.Held locks = lockAndRecover(plan, plan.repoPath(), plan.repoPath().toString(), recovered);
             Git git = openOrClone(plan)) {
            Repository repo = git.getRepository();
            ObjectId base = repo.resolve("refs/remotes/origin/" + plan.baseBranch() + "^{commit}");
            String branchRef = Constants.R_HEADS + plan.branch();
            if (repo.exactRef(branchRef) == null) {
                if (base != null) {
                    git.checkout().setName(plan.branch()).setCreateBranch(true).setStartPoint(base.name()).call();
                } else {
                    RefUpdate u = repo.updateRef(Constants.HEAD);
                    u.link(branchRef);
                }
            } else if (!branchRef.equals(repo.getFullBranch())) {
                git.checkout().setName(plan.branch()).call();
            }
            Path payload = repo.getWorkTree().toPath().resolve(plan.payloadPath());
            StagingTree.copy(plan.stagedPayload(), payload);
            AddCommand add = git.add().addFilepattern(plan.payloadPath());
            if (FaultPoints.armed()) {
                add.setWorkingTreeIterator(pausingInsideIndexUpdate(repo, plan.adapter()));
            }
            add.call();
            git.add().addFilepattern(plan.payloadPath()).setUpdate(true).call();

            PersonIdent ident = new PersonIdent(plan.identName(), plan.identEmail(), plan.createdAt(), ZoneOffset.UTC);
            ObjectId head = repo.resolve(branchRef + "^{commit}");
            if (head != null && !head.equals(base)) {
                try (RevWalk walk = new RevWalk(repo)) {
                    RevCommit c = walk.parseCommit(head);
                    Status status = git.status().call();
                    boolean sameParent = base == null ? c.getParentCount() == 0
                            : c.getParentCount() == 1 && c.getParent(0).equals(base);
                    if (sameParent && status.isClean() && c.getFullMessage().equals(plan.commitMessage())
                            && c.getAuthorIdent().equals(ident) && c.getCommitterIdent().equals(ident)) {
                        updateLocalBranch(git, plan);
                        return new Commit(c.name(), base == null ? null : base.name(), true);
                    }
                }
                // the branch holds something else (an older payload): rebuild the one commit on the base
                if (base != null) {
                    git.reset().setMode(ResetCommand.ResetType.SOFT).setRef(base.name()).call();
                } else {
                    RefUpdate del = repo.updateRef(branchRef);
                    del.setForceUpdate(true);
                    del.delete();
                    repo.updateRef(Constants.HEAD).link(branchRef);
                }
            }
            RevCommit made = git.commit().setMessage(plan.commitMessage()).setAuthor(ident).setCommitter(ident)
                    .setSign(false).setAllowEmpty(true).call();
            updateLocalBranch(git, plan);
            return new Commit(made.name(), base == null ? null : base.name(), false);
        } catch (GitAPIException | IOException e) {
            throw new AutomationException("Cannot commit " + plan.adapter() + " results in " + plan.worktreeDir() + ": " + e.getMessage(), e);
        }
    }

    /** The fault suite's {@code publish.commit} point: reached while JGit's add holds {@code index.lock}. */
    private static WorkingTreeIterator pausingInsideIndexUpdate(Repository repo, String adapter) {
        return new FileTreeIterator(repo) {
            @Override
            public AbstractTreeIterator createSubtreeIterator(ObjectReader reader) throws IOException {
                FaultPoints.reach("publish.commit", adapter);
                return super.createSubtreeIterator(reader);
            }
        };
    }

    private static Git openOrClone(PublishPlan plan) throws GitAPIException, IOException {
        Path wt = plan.worktreeDir();
        if (Files.isDirectory(wt.resolve(".git"))) {
            return Git.open(wt.toFile());
        }
        if (Files.exists(wt)) {
            // a clone interrupted half way: start over, nothing in it was published
            StagingTree.deleteTree(wt);
        }
        Files.createDirectories(wt.getParent());
        // init + fetch rather than clone: JGit's clone refuses a repository without commits
        Git git = Git.init().setDirectory(wt.toFile()).call();
        try {
            StoredConfig cfg = git.getRepository().getConfig();
            cfg.setString("remote", "origin", "url", plan.repoPath().toAbsolutePath().toUri().toString());
            cfg.setString("remote", "origin", "fetch", "+refs/heads/*:refs/remotes/origin/*");
            cfg.save();
            git.fetch().setRemote("origin").call();
            return git;
        } catch (GitAPIException | IOException | RuntimeException e) {
            git.close();
            throw e;
        }
    }

    /** Shows the branch in the local repository too (the clone's origin), as {@code git worktree add} would. */
    private static void updateLocalBranch(Git git, PublishPlan plan) throws GitAPIException {
        String ref = Constants.R_HEADS + plan.branch();
        git.push().setRemote("origin").setRefSpecs(new RefSpec("+" + ref + ":" + ref)).call();
    }
}
