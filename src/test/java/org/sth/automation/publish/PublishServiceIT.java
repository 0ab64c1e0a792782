package org.sth.automation.publish;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.SortedMap;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sth.automation.config.AutomationConfig;
import org.sth.automation.io.Json;

/** The publish state machine against real bare repositories as remotes (file URLs) and the real gh CLI. */
class PublishServiceIT {

    private static final PullRequests NO_GH = new PullRequests(Map.of("PATH", "/nonexistent-bin"), Duration.ofSeconds(30));

    @TempDir
    Path tmp;

    @Test
    void stagesCommitsPushesAndVerifiesThenRerunReusesTheCommitWithoutPushingAgain() throws Exception {
        // given
        PublishFixture f = new PublishFixture(tmp);
        AutomationConfig cfg = f.config(f.local, "push_local = true\nremote_url = \"" + f.bareUrl() + "\"");

        // when
        PublishService.Result first = f.publish(cfg, NO_GH);
        SortedMap<String, String> stagedFirst = StagingTree.digests(f.layout.publishStaging().resolve("system-info/Results"));
        PublishService.Result second = f.publish(cfg, NO_GH);

        // then
        assertThat(first.state().id()).isEqualTo("pr_ready");
        assertThat(first.success()).isTrue();
        String commit = first.entry().path("commit").asText();
        assertThat(commit).hasSize(40);
        assertThat(f.remoteBranch()).isEqualTo(commit);
        assertThat(first.entry().path("push_verified").asBoolean()).isTrue();
        assertThat(first.entry().path("remote_commit").asText()).isEqualTo(commit);
        assertThat(first.entry().path("remote_ref").asText()).isEqualTo("refs/heads/" + PublishFixture.BRANCH);

        assertThat(second.state().id()).isEqualTo("pr_ready");
        assertThat(second.entry().path("commit").asText()).isEqualTo(commit);
        assertThat(second.entry().path("commit_reused").asBoolean()).isTrue();
        assertThat(f.pushes()).isEqualTo(1);
        assertThat(StagingTree.digests(f.layout.publishStaging().resolve("system-info/Results"))).isEqualTo(stagedFirst).hasSize(first.entry().path("files").asInt());

        try (Git g = Git.open(f.bare.toFile()); RevWalk w = new RevWalk(g.getRepository())) {
            RevCommit c = w.parseCommit(g.getRepository().resolve(commit));
            assertThat(c.getFullMessage()).isEqualTo("Publish system-info results for evo-x2 (20260425T212324Z)");
            assertThat(c.getAuthorIdent().getName()).isEqualTo("sth-bench-automation");
            assertThat(c.getAuthorIdent().getWhenAsInstant()).isEqualTo(f.plan.createdAt());
            assertThat(c.getParent(0)).isEqualTo(g.getRepository().resolve("refs/heads/main"));
        }
        ObjectNode ledger = PublishFixture.ledgerEntry(f.layout);
        assertThat(ledger.path("state").asText()).isEqualTo("pr_ready");
        ObjectNode prReady = Json.readObject(f.layout.dir().resolve(ledger.path("pr_manifest").asText()));
        assertThat(prReady.path("head").asText()).isEqualTo(PublishFixture.BRANCH);
        assertThat(prReady.path("suggested_command").asText()).startsWith("gh pr create --base main --head " + PublishFixture.BRANCH);
        assertThat(f.layout.publishStaging().resolve("system-info/pr_body.md")).content()
                .contains("evo-x2", commit, "summary.json", StagingTree.digests(f.layout.benchmarkDir("system-info")).get("summary.json"));
        assertThat(Json.readObject(f.layout.publishStaging().resolve("system-info/push_ready.json")).path("remote_url").asText())
                .isEqualTo(f.bareUrl());
        // the branch is visible in the local repository too, as with git worktree
        try (Git g = Git.open(f.local.toFile())) {
            assertThat(g.getRepository().resolve("refs/heads/" + PublishFixture.BRANCH).name()).isEqualTo(commit);
        }
    }

    @Test
    void aFreshWorktreeFromScratchGivesTheSameCommitId() throws Exception {
        // given
        PublishFixture f = new PublishFixture(tmp);
        AutomationConfig cfg = f.config(f.local, "push_local = false");
        String commit = f.publish(cfg, NO_GH).entry().path("commit").asText();

        // when
        StagingTree.deleteTree(f.layout.publishWorktrees().resolve("system-info"));
        StagingTree.deleteTree(f.layout.publishStaging().resolve("system-info"));
        PublishService.Result again = f.publish(cfg, NO_GH);

        // then
        assertThat(again.state().id()).isEqualTo("push_ready");
        assertThat(again.success()).isTrue();
        assertThat(again.entry().path("commit").asText()).isEqualTo(commit);
        assertThat(again.entry().path("commit_reused").asBoolean()).isFalse();
        assertThat(f.remoteBranch()).as("push_local = false never pushes").isNull();
        assertThat(f.pushes()).isZero();
    }

    @Test
    void aMissingRemoteIsReportedAndNothingIsPushed() throws Exception {
        // given
        PublishFixture f = new PublishFixture(tmp);
        try (Git g = Git.open(f.local.toFile())) {
            g.remoteRemove().setRemoteName("origin").call();
        }
        AutomationConfig cfg = f.config(f.local, "push_local = true");

        // when
        PublishService.Result r = f.publish(cfg, NO_GH);

        // then
        assertThat(r.state().id()).isEqualTo("remote_missing");
        assertThat(r.success()).isFalse();
        assertThat(r.entry().path("commit").asText()).hasSize(40);
        assertThat(r.entry().path("hint").asText()).contains("remote add origin");
        assertThat(PublishFixture.ledgerEntry(f.layout).path("state").asText()).isEqualTo("remote_missing");
        assertThat(f.remoteBranch()).isNull();
    }

    @Test
    void aRemotePointingElsewhereIsAMismatchAndNothingIsPushed() throws Exception {
        // given
        PublishFixture f = new PublishFixture(tmp);
        AutomationConfig cfg = f.config(f.local, "push_local = true\nremote_url = \"git@github.com:STH-Dev/STH-System-Info.git\"");

        // when
        PublishService.Result r = f.publish(cfg, NO_GH);

        // then
        assertThat(r.state().id()).isEqualTo("remote_mismatch");
        assertThat(r.success()).isFalse();
        assertThat(r.entry().path("remote_url").asText()).isEqualTo(f.bareUrl());
        assertThat(r.entry().path("expected_remote_url").asText()).isEqualTo("git@github.com:STH-Dev/STH-System-Info.git");
        assertThat(f.remoteBranch()).isNull();
    }

    @Test
    void aRepoPathThatIsNoRepositoryIsRepoMissing() throws Exception {
        // given
        PublishFixture f = new PublishFixture(tmp);
        AutomationConfig cfg = f.config(tmp.resolve("not-cloned-yet"), "push_local = true");

        // when
        PublishService.Result r = f.publish(cfg, NO_GH);

        // then
        assertThat(r.state().id()).isEqualTo("repo_missing");
        assertThat(r.success()).isFalse();
        assertThat(r.entry().path("hint").asText()).contains("git clone");
        assertThat(f.layout.publishStaging().resolve("system-info/Results/evo-x2/20260425T212324Z/system-info/summary.json")).exists();
    }

    @Test
    void aPublishInterruptedBetweenCommitAndPushResumesToAVerifiedPush() throws Exception {
        // given: the controller dies right after the ledger recorded the commit
        PublishFixture f = new PublishFixture(tmp);
        AutomationConfig cfg = f.config(f.local, "push_local = true");
        PublishService dying = new PublishService(NO_GH, (event, fields) -> {
            if (fields.path("state").asText().equals("committed")) {
                throw new IllegalStateException("killed after commit");
            }
        });
        assertThatThrownBy(() -> dying.publish(cfg, f.layout, f.plan, f.spec().publishSubject())).hasMessageContaining("killed after commit");
        String committed = PublishFixture.ledgerEntry(f.layout).path("commit").asText();
        assertThat(PublishFixture.ledgerEntry(f.layout).path("state").asText()).isEqualTo("committed");
        assertThat(f.remoteBranch()).isNull();

        // when
        PublishService.Result resumed = f.publish(cfg, NO_GH);

        // then
        assertThat(resumed.state().id()).isEqualTo("pr_ready");
        assertThat(resumed.entry().path("commit").asText()).isEqualTo(committed);
        assertThat(resumed.entry().path("commit_reused").asBoolean()).isTrue();
        assertThat(resumed.entry().path("push_verified").asBoolean()).isTrue();
        assertThat(f.remoteBranch()).isEqualTo(committed);
        assertThat(f.pushes()).isEqualTo(1);
    }

    @Test
    void withoutGhOnPathThePullRequestIsGhMissingAfterAVerifiedPush() throws Exception {
        // given
        PublishFixture f = new PublishFixture(tmp);
        Files.createDirectories(tmp.resolve("empty-bin"));
        PullRequests noGh = new PullRequests(Map.of("PATH", tmp.resolve("empty-bin").toString()), Duration.ofSeconds(30));
        AutomationConfig cfg = f.config(f.local, "push_local = true\ncreate_pr_local = true");

        // when
        PublishService.Result r = f.publish(cfg, noGh);

        // then
        assertThat(r.state().id()).isEqualTo("gh_missing");
        assertThat(r.success()).isFalse();
        assertThat(r.entry().path("hint").asText()).contains("apt-get install -y gh", "gh pr create");
        assertThat(f.remoteBranch()).isEqualTo(r.entry().path("commit").asText());
        assertThat(f.layout.publishStaging().resolve("system-info/pr_ready.json")).exists();
    }

    @Test
    void withTheRealGhNotLoggedInThePullRequestIsGhAuthMissing() throws Exception {
        // given: Debian's gh, with an empty config dir and no token in the environment
        PublishFixture f = new PublishFixture(tmp);
        Path gh = PullRequests.fromEnvironment().findGh()
                .orElseThrow(() -> new AssertionError("gh is not installed: sudo apt-get install -y gh"));
        Map<String, String> env = new HashMap<>();
        env.put("PATH", gh.getParent().toString());
        env.put("HOME", tmp.resolve("home").toString());
        env.put("GH_CONFIG_DIR", tmp.resolve("home/gh").toString());
        PullRequests unauthenticated = new PullRequests(env, Duration.ofSeconds(30));
        AutomationConfig cfg = f.config(f.local, "push_local = true\ncreate_pr_local = true");

        // when
        PublishService.Result r = f.publish(cfg, unauthenticated);

        // then
        assertThat(r.state().id()).isEqualTo("gh_auth_missing");
        assertThat(r.success()).isFalse();
        assertThat(r.entry().path("error").asText()).contains("not logged in");
        assertThat(r.entry().path("hint").asText()).contains("gh auth login");
        assertThat(f.remoteBranch()).isEqualTo(r.entry().path("commit").asText());
    }

    /**
     * A stand-in {@code gh} on PATH that records every call (one line of arguments each) and keeps the open pull request
     * of the branch in a file, as GitHub would: {@code pr list} prints it, {@code pr create} opens it, or fails with
     * {@code GH_STANDIN_CREATE_ERROR} on stderr when that is set.
     */
    private static PullRequests standInGh(Path dir, String createError) throws Exception {
        Path bin = Files.createDirectories(dir.resolve("gh-bin"));
        Path gh = bin.resolve("gh");
        Files.writeString(gh, """
                #!/bin/sh
                dir=$(dirname "$0")
                echo "$*" >> "$dir/calls.log"
                case "$1 $2" in
                  "auth status") echo "Logged in to github.com account sth-bot"; exit 0 ;;
                  "pr list") [ -f "$dir/open-pr" ] && cat "$dir/open-pr"; exit 0 ;;
                  "pr create")
                    if [ -n "$GH_STANDIN_CREATE_ERROR" ]; then echo "$GH_STANDIN_CREATE_ERROR" >&2; exit 1; fi
                    echo "https://github.com/STH-Dev/STH-System-Info/pull/42" > "$dir/open-pr"
                    echo "Creating pull request for branch into main"
                    cat "$dir/open-pr"; exit 0 ;;
                esac
                echo "unexpected gh call: $*" >&2; exit 2
                """);
        gh.toFile().setExecutable(true);
        Map<String, String> env = new HashMap<>();
        env.put("PATH", bin + ":/usr/bin:/bin");
        if (createError != null) {
            env.put("GH_STANDIN_CREATE_ERROR", createError);
        }
        return new PullRequests(env, Duration.ofSeconds(30));
    }

    private static java.util.List<String> ghCalls(Path dir) throws Exception {
        Path log = dir.resolve("gh-bin/calls.log");
        return Files.exists(log) ? Files.readAllLines(log) : java.util.List.of();
    }

    @Test
    void anOpenPullRequestForTheBranchIsReusedWithoutASecondCreate() throws Exception {
        // given a verified push, and gh creating the pull request the first time
        PublishFixture f = new PublishFixture(tmp.resolve("repos"));
        PullRequests gh = standInGh(tmp, null);
        AutomationConfig cfg = f.config(f.local, "push_local = true\ncreate_pr_local = true\nremote_url = \"" + f.bareUrl() + "\"");
        PublishService.Result created = f.publish(cfg, gh);

        // when the publish runs again (resume, redelivery)
        PublishService.Result again = f.publish(cfg, gh);

        // then the open pull request is reused: gh pr create ran once
        assertThat(created.state().id()).isEqualTo("pr_created");
        assertThat(created.entry().path("pr_url").asText()).isEqualTo("https://github.com/STH-Dev/STH-System-Info/pull/42");
        assertThat(again.state().id()).isEqualTo("pr_reused");
        assertThat(again.success()).isTrue();
        assertThat(again.entry().path("pr_url").asText()).isEqualTo("https://github.com/STH-Dev/STH-System-Info/pull/42");
        assertThat(PublishFixture.ledgerEntry(f.layout).path("state").asText()).isEqualTo("pr_reused");
        java.util.List<String> calls = ghCalls(tmp);
        assertThat(calls).filteredOn(c -> c.startsWith("pr create")).hasSize(1).first().asString()
                .contains("--base main", "--head " + PublishFixture.BRANCH, "--body-file " + f.layout.publishStaging().resolve("system-info/pr_body.md"));
        assertThat(calls).filteredOn(c -> c.startsWith("pr list --head " + PublishFixture.BRANCH + " --state open")).hasSize(2);
        assertThat(f.remoteBranch()).isEqualTo(again.entry().path("commit").asText());
        assertThat(f.pushes()).isEqualTo(1);
    }

    @Test
    void aFailingGhPrCreateIsPrCreateFailedWithItsStderr() throws Exception {
        // given gh that refuses to create the pull request
        PublishFixture f = new PublishFixture(tmp.resolve("repos"));
        String stderr = "pull request create failed: GraphQL: Resource not accessible by integration (createPullRequest)";
        PullRequests gh = standInGh(tmp, stderr);
        AutomationConfig cfg = f.config(f.local, "push_local = true\ncreate_pr_local = true\nremote_url = \"" + f.bareUrl() + "\"");

        // when
        PublishService.Result r = f.publish(cfg, gh);

        // then
        assertThat(r.state().id()).isEqualTo("pr_create_failed");
        assertThat(r.success()).isFalse();
        assertThat(r.entry().path("error").asText()).isEqualTo("gh pr create failed (exit 1): " + stderr);
        assertThat(r.entry().path("hint").asText()).contains("fix the cause and run resume, or run: gh pr create --base main --head "
                + PublishFixture.BRANCH);
        assertThat(r.entry().has("pr_url")).isFalse();
        assertThat(PublishFixture.ledgerEntry(f.layout).path("state").asText()).isEqualTo("pr_create_failed");
        assertThat(ghCalls(tmp)).extracting(c -> c.split(" ")[0] + " " + c.split(" ")[1])
                .containsExactly("auth status", "pr list", "pr create");
        assertThat(f.remoteBranch()).as("the push before it stays verified").isEqualTo(r.entry().path("commit").asText());
    }
}
