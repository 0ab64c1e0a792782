package org.sth.automation.publish;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.Collection;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.Status;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.lib.Repository;
import org.sth.automation.config.AutomationConfig;
import org.sth.automation.io.Json;
import org.sth.automation.run.RunLayout;

/**
 * {@code validate --scope publish}: inspects, before any run, what the publish phase will meet for each adapter:
 * the resolved publish target key, the local repo mapping, the repository and its base branch, the remote
 * against {@code remote_url}, and gh availability and authentication.
 */
public final class PublishValidation {

    private final PullRequests pullRequests;

    public PublishValidation(PullRequests pullRequests) {
        this.pullRequests = pullRequests;
    }

    /** One JSON report; {@code ok} is false when a required check fails. */
    public ObjectNode report(AutomationConfig config, Collection<PublishSubject> specs) {
        ObjectNode report = Json.object();
        report.put("schema_version", 1);
        report.put("config", String.valueOf(config.source()));
        ArrayNode adapters = report.putArray("adapters");
        boolean allOk = true;
        PullRequests.Outcome gh = null;
        for (PublishSubject spec : specs) {
            // stamp and host only shape branch names, which validate does not report
            PublishPlan plan = PublishPlan.resolve(config, new RunLayout(java.nio.file.Path.of("validate", "stamp")), "host",
                    java.time.Instant.EPOCH, spec);
            ObjectNode a = adapters.addObject();
            a.put("adapter", spec.benchmark());
            a.put("target_key", plan.targetKey());
            a.put("target_configured", plan.target() != null);
            a.put("repo_path_key", plan.repoPathKey());
            a.put("repo_path", plan.repoPath() == null ? null : plan.repoPath().toString());
            ArrayNode checks = a.putArray("checks");
            if (plan.target() == null) {
                a.put("expected_state", "staged_no_target");
                check(checks, "target", true, false, "no [publish." + plan.targetKey() + "] table: results are staged only");
                continue;
            }
            a.put("push_local", plan.target().pushLocal());
            a.put("create_pr_local", plan.target().createPrLocal());
            boolean ok = true;
            ok &= check(checks, "repo_mapping", plan.repoPath() != null, true, plan.repoPath() == null
                    ? "[paths] has no " + plan.repoPathKey() + "_repo" : plan.repoPathKey() + "_repo = " + plan.repoPath());
            boolean isRepo = WorktreeCommitter.isRepository(plan.repoPath());
            ok &= check(checks, "repo_is_git", isRepo, true, isRepo ? "git repository" : "not a git repository (clone it there)");
            if (isRepo) {
                try (Git git = Git.open(plan.repoPath().toFile())) {
                    Repository r = git.getRepository();
                    boolean base = r.resolve("refs/heads/" + plan.baseBranch()) != null
                            || r.resolve("refs/remotes/" + plan.remoteName() + "/" + plan.baseBranch()) != null;
                    check(checks, "base_branch", base, false, base ? plan.baseBranch() + " exists"
                            : plan.baseBranch() + " is missing locally: result branches would start without a parent");
                    if (!r.isBare()) {
                        Status st = git.status().call();
                        check(checks, "repo_clean", st.isClean(), false, st.isClean() ? "clean"
                                : "uncommitted changes in the clone (publish works in its own worktree, so this is informational)");
                    }
                } catch (IOException | GitAPIException e) {
                    ok &= check(checks, "repo_readable", false, true, e.getMessage());
                }
                Pusher.RemoteCheck remote = new Pusher().check(plan);
                a.put("remote", remote.remote());
                a.put("remote_url", Urls.masked(remote.url()));
                ok &= check(checks, "remote", remote.ok(), true, switch (remote.state()) {
                    case "remote_missing" -> "remote_missing: the clone has no remote " + remote.remote();
                    case "remote_mismatch" -> "remote_mismatch: " + remote.remote() + " is " + remote.url() + ", expected " + remote.expectedUrl();
                    default -> remote.remote() + " = " + Urls.masked(remote.url());
                });
            }
            if (gh == null) {
                gh = pullRequests.availability();
            }
            ok &= check(checks, "gh", gh.state().equals("ok"), plan.target().createPrLocal(), gh.state() + ": " + gh.message());
            a.put("ok", ok);
            allOk &= ok;
        }
        report.put("ok", allOk);
        return report;
    }

    private static boolean check(ArrayNode checks, String name, boolean ok, boolean required, String detail) {
        checks.addObject().put("check", name).put("ok", ok).put("required", required).put("detail", detail);
        return ok || !required;
    }
}
