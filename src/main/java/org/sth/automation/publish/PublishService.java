package org.sth.automation.publish;

import org.sth.automation.io.DocumentSchema;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.SortedMap;
import org.sth.automation.config.AutomationConfig;
import org.sth.automation.config.PublishTarget;
import org.sth.automation.io.AtomicFiles;
import org.sth.automation.io.Json;
import org.sth.automation.io.Sha256;
import org.sth.automation.run.ArtifactManifest;
import org.sth.automation.run.RunLayout;
import org.sth.automation.run.RunPlan;
import org.sth.automation.run.StepManifests;
import org.sth.automation.run.status.Phase;

/**
 * The publish state machine for one benchmark of one run: stage → commit in a worktree → check the remote →
 * push and verify → PR-ready manifest → (optionally) open the PR with gh. Every transition is written to
 * {@code publish_ledger.json} with its evidence before the next begins, and every step is safe to repeat:
 * the commit is deterministic and reused, a remote that already has the commit is not pushed again, an open
 * PR is reused (see docs/publish.md).
 */
public final class PublishService {

    /** Receives the service's events ({@code publish_state}, {@code publish_pushed}) for the run's event log. */
    @FunctionalInterface
    public interface Events {
        Events NONE = (event, fields) -> { };

        void emit(String event, ObjectNode fields);
    }

    /** The final position of this attempt: its state, whether that is a success for the target, and the ledger entry. */
    public record Result(PublishState state, boolean success, ObjectNode entry) {
    }

    private final PullRequests pullRequests;
    private final Events events;
    private final WorktreeCommitter committer = new WorktreeCommitter();
    private final Pusher pusher = new Pusher();

    public PublishService(PullRequests pullRequests, Events events) {
        this.pullRequests = pullRequests;
        this.events = events;
    }

    public Result publish(AutomationConfig config, RunLayout layout, RunPlan run, PublishSubject spec) {
        PublishPlan plan = PublishPlan.resolve(config, layout, run.host(), run.createdAt(), spec);
        PublishLedger ledger = new PublishLedger(layout);
        ObjectNode entry = ledger.entry(spec.benchmark());
        entry.put("adapter", spec.benchmark());
        entry.put("target_key", plan.targetKey());
        entry.put("repo_path_key", plan.repoPathKey());
        entry.put("staging_dir", layout.relative(plan.stagingDir()));
        entry.put("payload_path", plan.payloadPath());
        entry.put("branch", plan.branch());

        // exactly what artifact_manifest.json lists is published: never a temp file an interrupted write left behind
        JsonNode artifacts = ArtifactManifest.rebuild(layout, run.runId());
        String prefix = layout.relative(layout.benchmarkDir(spec.benchmark())) + "/";
        SortedMap<String, String> digests = StagingTree.copyListed(layout.benchmarkDir(spec.benchmark()),
                ArtifactManifest.filesUnder(artifacts, prefix), plan.stagedPayload());
        entry.put("files", digests.size());
        entry.put("payload_sha256", Sha256.of(Json.line(Json.MAPPER.valueToTree(digests)).getBytes(StandardCharsets.UTF_8)));

        PublishTarget target = plan.target();
        if (target == null) {
            entry.put("hint", "add a [publish." + plan.targetKey() + "] table to the config to commit and push these results");
            return finish(ledger, plan, entry, PublishState.STAGED_NO_TARGET, true);
        }
        entry.put("push_local", target.pushLocal());
        entry.put("create_pr_local", target.createPrLocal());
        entry.put("base_branch", plan.baseBranch());
        if (plan.repoPath() == null || !WorktreeCommitter.isRepository(plan.repoPath())) {
            entry.put("repo_path", plan.repoPath() == null ? null : plan.repoPath().toString());
            entry.put("hint", plan.repoPath() == null
                    ? "add " + plan.repoPathKey() + "_repo = \"<local clone>\" to [paths] and run resume"
                    : "clone the results repository to " + plan.repoPath() + " (git clone <url> " + plan.repoPath() + ") and run resume");
            return finish(ledger, plan, entry, PublishState.REPO_MISSING, false);
        }
        entry.put("repo_path", plan.repoPath().toString());
        entry.put("worktree", layout.relative(plan.worktreeDir()));

        WorktreeCommitter.Recovered recovered = (repository, paths) -> {
            ObjectNode fields = Json.object().put("adapter", plan.adapter()).put("repository", repository);
            paths.forEach(fields.putArray("removed")::add);
            events.emit("git_debris_removed", fields);
        };
        WorktreeCommitter.Commit commit = committer.commit(plan, recovered);
        entry.put("commit", commit.id());
        entry.put("parent", commit.parent());
        entry.put("commit_reused", commit.reused());
        entry.remove("hint");
        entry.remove("error");
        transition(ledger, plan, entry, PublishState.COMMITTED);

        Pusher.RemoteCheck remote = pusher.check(plan);
        entry.put("remote", remote.remote());
        entry.put("remote_url", Urls.masked(remote.url()));
        entry.put("expected_remote_url", Urls.masked(remote.expectedUrl()));
        if (!remote.ok()) {
            entry.put("hint", remote.state().equals("remote_missing")
                    ? "add the remote: git -C " + plan.repoPath() + " remote add " + remote.remote() + " <url>, then run resume"
                    : "the clone's " + remote.remote() + " points at " + remote.url() + ", the target expects " + remote.expectedUrl()
                            + ": fix [publish." + plan.targetKey() + "] remote_url or git -C " + plan.repoPath() + " remote set-url "
                            + remote.remote() + " <url>, then run resume");
            return finish(ledger, plan, entry, PublishState.of(remote.state()), false);
        }
        ObjectNode pushReady = Json.object();
        DocumentSchema.PUSH_READY.stamp(pushReady);
        pushReady.put("adapter", plan.adapter());
        pushReady.put("remote", remote.remote());
        pushReady.put("remote_url", Urls.masked(remote.url()));
        pushReady.put("branch", plan.branch());
        pushReady.put("commit", commit.id());
        pushReady.put("base_branch", plan.baseBranch());
        Path pushManifest = plan.stagingDir().resolve("push_ready.json");
        Json.writeAtomically(pushManifest, pushReady);
        entry.put("push_manifest", layout.relative(pushManifest));
        if (!target.pushLocal()) {
            entry.put("hint", "push_local is false: push with git -C " + plan.worktreeDir() + " push " + Urls.masked(remote.url())
                    + " " + plan.branch());
            return finish(ledger, plan, entry, PublishState.PUSH_READY, true);
        }
        transition(ledger, plan, entry, PublishState.PUSH_READY);

        Pusher.PushOutcome pushed = pusher.push(plan, remote.url(), commit.id(), recovered);
        entry.put("remote_ref", pushed.remoteRef());
        entry.put("remote_commit", pushed.remoteCommit());
        // an earlier attempt's evidence never stands for this one
        entry.put("push_verified", pushed.verified());
        if (pushed.pushed()) {
            events.emit("publish_pushed", Json.object().put("adapter", plan.adapter()).put("branch", plan.branch())
                    .put("commit", commit.id()).put("verified", pushed.verified()));
        }
        if (!pushed.verified()) {
            entry.put("error", pushed.error());
            entry.put("hint", pushHint(remote.url(), plan.branch(), pushed.error()));
            return finish(ledger, plan, entry, PublishState.PUSH_FAILED, false);
        }
        entry.remove("error");
        transition(ledger, plan, entry, PublishState.PUSHED_LOCAL);

        String slug = Urls.githubSlug(remote.url());
        String title = plan.commitMessage();
        Path body = plan.stagingDir().resolve("pr_body.md");
        AtomicFiles.write(body, prBody(layout, run, plan, commit, digests, remote));
        ObjectNode prReady = Json.object();
        DocumentSchema.PR_READY.stamp(prReady);
        prReady.put("adapter", plan.adapter());
        prReady.put("repo", slug);
        prReady.put("base", plan.baseBranch());
        prReady.put("head", plan.branch());
        prReady.put("commit", commit.id());
        prReady.put("title", title);
        prReady.put("body_file", layout.relative(body));
        prReady.put("compare_url", PullRequests.compareUrl(remote.url(), plan.baseBranch(), plan.branch()));
        String suggested = PullRequests.suggestedCommand(slug, plan.baseBranch(), plan.branch(), title, body.toString());
        prReady.put("suggested_command", suggested);
        Path prManifest = plan.stagingDir().resolve("pr_ready.json");
        Json.writeAtomically(prManifest, prReady);
        entry.put("pr_manifest", layout.relative(prManifest));
        entry.put("compare_url", prReady.path("compare_url").asText(null));
        entry.put("suggested_command", suggested);
        if (!target.createPrLocal()) {
            entry.put("hint", "open the pull request: " + suggested);
            return finish(ledger, plan, entry, PublishState.PR_READY, true);
        }
        transition(ledger, plan, entry, PublishState.PR_READY);

        if (entry.has("pr_create_pid")) {
            // a controller killed while gh created the PR left gh running: let it finish, then its PR is found, not made again
            pullRequests.awaitEarlierCreate(entry.path("pr_create_pid").asLong(), entry.path("pr_create_started").asText());
        }
        PullRequests.Outcome pr = pullRequests.create(slug, plan.baseBranch(), plan.branch(), title, body, process -> {
            entry.put("pr_create_pid", process.pid());
            entry.put("pr_create_started", process.info().startInstant().map(Instant::toString).orElse(null));
            ledger.write(plan.adapter(), entry);
        });
        entry.remove("pr_create_pid");
        entry.remove("pr_create_started");
        if (pr.url() != null) {
            entry.put("pr_url", pr.url());
            entry.remove("hint");
            entry.remove("error");
            return finish(ledger, plan, entry, PublishState.of(pr.state()), true);
        }
        entry.put("error", pr.message());
        entry.put("hint", (pr.state().equals("gh_missing") ? "install gh (sudo apt-get install -y gh) and run resume, or run: "
                : pr.state().equals("gh_auth_missing") ? "run gh auth login and then resume, or run: " : "fix the cause and run resume, or run: ")
                + suggested);
        return finish(ledger, plan, entry, PublishState.of(pr.state()), false);
    }

    private void transition(PublishLedger ledger, PublishPlan plan, ObjectNode entry, PublishState state) {
        entry.put("state", state.id());
        entry.put("updated_at", Instant.now().toString());
        ledger.write(plan.adapter(), entry);
        events.emit("publish_state", Json.object().put("adapter", plan.adapter()).put("state", state.id()));
    }

    private Result finish(PublishLedger ledger, PublishPlan plan, ObjectNode entry, PublishState state, boolean success) {
        transition(ledger, plan, entry, state);
        return new Result(state, success, entry.deepCopy());
    }

    /**
     * What to do about a failed push, naming the real cause where JGit's words show it: every hint that ends in "resume"
     * is one that resume can then finish.
     */
    static String pushHint(String url, String branch, String error) {
        String masked = Urls.masked(url);
        String e = error == null ? "" : error.toLowerCase(Locale.ROOT);
        if (e.contains("server key did not validate") || e.contains("host key")) {
            return "the SSH host key of " + masked + " is not in ~/.ssh/known_hosts (or does not match it): check the server's"
                    + " fingerprint, add its key (ssh-keyscan prints it), then run resume";
        }
        if (e.contains("missing object")) {
            return "the remote took the pack as incomplete (missing objects) after the engine had removed what an interrupted"
                    + " push leaves in a local remote: check the repository with git fsck where " + masked + " lives, repair it,"
                    + " then run resume";
        }
        if (e.contains("lock_failure") || e.contains("lock failure") || e.contains("cannot lock")) {
            return "a lock file in " + masked + " is held by another program (the engine removes only its own): when no git"
                    + " process runs there, remove the .lock file the error names, then run resume";
        }
        if (e.contains("nonfastforward") || e.contains("non-fast-forward")) {
            return "the remote branch " + branch + " holds commits this run did not make: look at it (git ls-remote " + masked
                    + " " + branch + "); if it is stale, delete it (git push " + masked + " --delete " + branch + "), then run resume";
        }
        if (e.contains("not authorized") || e.contains("auth fail") || e.contains("authentication") || e.contains("permission denied")) {
            return "the remote refused the credentials for " + masked + ": check the key or token it needs, then run resume";
        }
        return "check that " + masked + " is reachable and accepts pushes (network, credentials), then run resume";
    }

    private static String prBody(RunLayout layout, RunPlan run, PublishPlan plan, WorktreeCommitter.Commit commit,
                                 SortedMap<String, String> digests, Pusher.RemoteCheck remote) {
        StringBuilder b = new StringBuilder();
        b.append("## ").append(plan.commitMessage()).append("\n\n");
        b.append("| | |\n|---|---|\n");
        b.append("| benchmark | `").append(plan.adapter()).append("` |\n");
        b.append("| host | `").append(plan.host()).append("` |\n");
        b.append("| run | `").append(run.runId()).append("` (created ").append(run.createdAt()).append(") |\n");
        if (run.requestId() != null) {
            b.append("| request | `").append(run.requestId()).append("` |\n");
        }
        b.append("| payload | `").append(plan.payloadPath()).append("` |\n");
        b.append("| branch | `").append(plan.branch()).append("` at `").append(commit.id()).append("` |\n");
        b.append("| base | `").append(plan.baseBranch()).append("`").append(commit.parent() == null ? "" : " at `" + commit.parent() + "`").append(" |\n");
        b.append("| remote | `").append(remote.remote()).append("` ").append(Urls.masked(remote.url())).append(" |\n\n");
        b.append("### Bundle provenance\n\n");
        JsonNode stage = StepManifests.read(layout, plan.adapter(), Phase.STAGE).map(m -> m.path("details")).orElse(null);
        if (stage == null || stage.isMissingNode() || stage.isEmpty()) {
            b.append("No bundle was staged for this benchmark (its collector runs from the host's own tools).\n\n");
        } else {
            b.append("```json\n").append(new String(Json.pretty(stage), StandardCharsets.UTF_8)).append("```\n\n");
        }
        Path disclosure = layout.benchmarkDir(plan.adapter()).resolve("disclosure.json");
        if (Files.exists(disclosure)) {
            // the disclosure itself is in the payload; the PR says at a glance whether the result is clean
            JsonNode d = Json.read(disclosure);
            b.append("### Measurement integrity\n\n");
            b.append(d.path("clean").asBoolean(false) ? "Clean: quiet host, runs agree, engine at a recorded commit.\n\n"
                    : "**Flagged: " + String.join(", ", Json.MAPPER.convertValue(d.path("flags"), String[].class)) + "**\n\n");
            b.append("| quiet host | `").append(d.path("quiet_host").path("verdict").asText()).append("` |\n|---|---|\n");
            d.path("quiet_host").path("reasons").forEach(r -> b.append("| reason | ").append(r.asText().replace("|", "\\|")).append(" |\n"));
            b.append("| runs | ").append(d.path("repetition").path("runs").asInt(1)).append(" (").append(d.path("repetition").path("verdict").asText())
                    .append(") |\n| engine | ").append(d.path("engine").path("version").asText()).append(" at `")
                    .append(d.path("engine").path("commit").asText()).append("` |\n\nEverything else: `disclosure.json` in the payload.\n\n");
        }
        b.append("### Artifacts (SHA-256)\n\n");
        for (Map.Entry<String, String> d : digests.entrySet()) {
            b.append("- `").append(d.getValue()).append("` ").append(d.getKey()).append('\n');
        }
        b.append("\nOpened by sth-bench-automation.\n");
        return b.toString();
    }
}
