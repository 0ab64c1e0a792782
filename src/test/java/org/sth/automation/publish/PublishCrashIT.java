package org.sth.automation.publish;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.awaitility.Awaitility;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.lib.StoredConfig;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.treewalk.TreeWalk;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sth.automation.Cli;
import org.sth.automation.OpenSshd;
import org.sth.automation.RunDirectoryAssertions;
import org.sth.automation.demo.DemoEnvironment;
import org.sth.automation.demo.KeyMaterial;
import org.sth.automation.faults.FaultReport;
import org.sth.automation.io.AtomicFiles;
import org.sth.automation.io.Json;
import org.sth.automation.run.ArtifactManifest;
import org.sth.automation.run.JsonlLedger;

/**
 * A real controller process SIGKILLed at named points of a run that publishes to a real bare repository (the fault
 * points of {@code io.FaultPoints}, so each kill lands where it is meant to): inside an atomic write of a raw result
 * (execute), inside one of collect's documents, inside JGit's index update (commit, {@code index.lock} held), with the
 * pack half sent (push), and while {@code gh pr create} runs (PR). Each time {@code resume} continues; at the end the run
 * completed, its result was pushed once and verified, the PR was created once, and exactly the artifact manifest's files
 * were published.
 */
class PublishCrashIT {

    private static final Duration REACH = Duration.ofSeconds(180);

    @TempDir
    Path dir;

    private int controllers;

    @Test
    void killsInExecuteCollectCommitPushAndPullRequestEachResumeToOnePublishedResult() throws Exception {
        // given a demo host, a results repository with a local bare remote, and a gh that takes 3 s to open a PR
        PublishFixture repos = new PublishFixture(dir.resolve("repos"));
        Path gh = standInGh(dir.resolve("gh"));
        try (DemoEnvironment env = DemoEnvironment.start(dir.resolve("demo"), 0, null)) {
            Path cfg = withPublish(env, repos.local, "push_local = true\ncreate_pr_local = true\nremote_url = \"" + repos.bareUrl() + "\"");
            Map<String, String> path = Map.of("PATH", gh.getParent() + ":" + System.getenv("PATH"));

            // when killed in execute, right after a raw result's temp file was written
            killAt("atomic-write:lscpu.txt", path, "run", "--config", cfg.toString(), "--host", DemoEnvironment.HOST,
                    "--benchmarks", "system-info");
            Path run = RunDirectoryAssertions.findRun(env.config().getParent().resolve("automation-runs"));
            assertThat(tempFiles(run)).anyMatch(p -> p.contains("raw/.lscpu.txt.tmp-"));
            // ... in collect, in one of its documents
            killAt("atomic-write:system_profile.md", path, "resume", "--run-dir", run.toString());
            assertThat(tempFiles(run)).anyMatch(p -> p.contains("/.system_profile.md.tmp-"));
            // ... in the commit, holding JGit's index.lock
            killAt("publish.commit", path, "resume", "--run-dir", run.toString());
            assertThat(run.resolve("publish-worktrees/system-info/.git/index.lock")).exists();
            // ... in the push, the pack half sent
            killAt("publish.push", path, "resume", "--run-dir", run.toString());
            // ... while gh creates the PR (gh goes on alone)
            Process p = controller(path, null, "resume", "--run-dir", run.toString());
            Awaitility.await().atMost(REACH).until(() -> Files.exists(gh.resolveSibling("creates")) || !p.isAlive());
            kill(p);
            try (var left = Files.list(dir.resolve("controller-tmp"))) {
                assertThat(left.map(f -> f.getFileName().toString())).as("gh's output never in temporary files a kill leaves behind")
                        .noneMatch(f -> f.startsWith("sth-gh"));
            }
            // and resumed once more, without a fault
            Process last = controller(path, null, "resume", "--run-dir", run.toString());
            assertThat(last.waitFor(5, TimeUnit.MINUTES)).isTrue();

            // then
            assertThat(last.exitValue()).as(log(controllers)).isZero();
            assertThat(Json.readObject(run.resolve("status.json")).path("state").asText()).isEqualTo("completed");
            ObjectNode entry = PublishFixture.ledgerEntry(new org.sth.automation.run.RunLayout(run));
            assertThat(entry.path("state").asText()).isEqualTo("pr_reused");
            assertThat(entry.path("pr_url").asText()).isEqualTo("https://github.com/STH-Dev/STH-System-Info/pull/1");
            assertThat(Files.readAllLines(gh.resolveSibling("creates"))).hasSize(1);
            assertPublishedOnce(run, repos.bare, entry);
            List<JsonNode> events = events(run);
            assertThat(removedPaths(events, "debris_removed", "paths"))
                    .anyMatch(x -> x.contains("raw/.lscpu.txt.tmp-")).anyMatch(x -> x.contains(".system_profile.md.tmp-"));
            List<String> gitRemoved = removedPaths(events, "git_debris_removed", "removed");
            assertThat(gitRemoved).contains(".git/index.lock");
            FaultReport.row("SIGKILL inside execute (raw result write), collect, commit (index.lock held), push (pack half sent) and"
                            + " gh pr create, one run, local bare remote",
                    "resume completes; result pushed once, verified; PR made once; exactly the artifact manifest's files published",
                    "completed after " + controllers + " controllers; 1 push; 1 PR; " + listedFiles(run) + " files = manifest; run-dir temp files removed: "
                            + removedPaths(events, "debris_removed", "paths").size() + "; git leftovers removed: " + gitRemoved,
                    "kills survived: 5, items lost: 0");
        }
    }

    @Test
    void aPushOverSshKilledHalfWayIsFinishedByResumeOnce() throws Exception {
        // given the bare remote served by OpenSSH (git-receive-pack on the far side), its host key known to the operator
        Path home = dir.resolve("operator-home");
        Path sshDir = Files.createDirectories(home.resolve(".ssh"));
        KeyMaterial key = KeyMaterial.generate(sshDir.resolve("id_ecdsa"), "operator");
        try (OpenSshd sshd = OpenSshd.start(dir.resolve("sshd"), key.authorizedKeyLine(), dir.resolve("server-home"));
             DemoEnvironment env = DemoEnvironment.start(dir.resolve("demo"), 0, null)) {
            Files.writeString(sshDir.resolve("known_hosts"), sshd.knownHostsLine() + "\n");
            PublishFixture repos = new PublishFixture(dir.resolve("repos"));
            String url = "ssh://" + OpenSshd.USER + "@127.0.0.1:" + sshd.port() + repos.bare.toAbsolutePath();
            try (Git g = Git.open(repos.local.toFile())) {
                StoredConfig c = g.getRepository().getConfig();
                c.setString("remote", "origin", "url", url);
                c.save();
            }
            Path cfg = withPublish(env, repos.local, "push_local = true\nremote_url = \"" + url + "\"");

            // when
            killAt("publish.push", Map.of(), home, "run", "--config", cfg.toString(), "--host", DemoEnvironment.HOST,
                    "--benchmarks", "system-info");
            Path run = RunDirectoryAssertions.findRun(env.config().getParent().resolve("automation-runs"));
            Process last = controller(Map.of(), home, "resume", "--run-dir", run.toString());
            assertThat(last.waitFor(5, TimeUnit.MINUTES)).isTrue();

            // then
            assertThat(last.exitValue()).as(log(controllers)).isZero();
            ObjectNode entry = PublishFixture.ledgerEntry(new org.sth.automation.run.RunLayout(run));
            assertThat(entry.path("state").asText()).isEqualTo("pr_ready");
            assertPublishedOnce(run, repos.bare, entry);
            FaultReport.row("SIGKILL with the pack half sent to an ssh:// remote (OpenSSH, git-receive-pack)",
                    "resume pushes once and verifies", "completed; 1 push; remote complete", "kills survived: 1, items lost: 0");
        }
    }

    /** The result branch is on the remote, complete, pushed by one controller only, and holds exactly the manifest's files. */
    private static void assertPublishedOnce(Path run, Path bare, ObjectNode entry) throws IOException {
        String commit = entry.path("commit").asText();
        assertThat(entry.path("push_verified").asBoolean()).isTrue();
        assertThat(events(run).stream().filter(e -> e.path("event").asText().equals("publish_pushed")).count()).isEqualTo(1);
        JsonNode manifest = Json.readObject(run.resolve("artifact_manifest.json"));
        Set<String> listed = ArtifactManifest.filesUnder(manifest, "benchmarks/system-info/").keySet();
        Set<String> pushed = new HashSet<>();
        try (Repository repo = Git.open(bare.toFile()).getRepository(); RevWalk w = new RevWalk(repo); TreeWalk t = new TreeWalk(repo)) {
            assertThat(repo.resolve("refs/heads/" + entry.path("branch").asText())).isEqualTo(ObjectId.fromString(commit));
            t.addTree(w.parseCommit(ObjectId.fromString(commit)).getTree());
            t.setRecursive(true);
            String prefix = entry.path("payload_path").asText() + "/";
            while (t.next()) {
                repo.open(t.getObjectId(0)).getBytes();
                if (t.getPathString().startsWith(prefix)) {
                    pushed.add(t.getPathString().substring(prefix.length()));
                }
            }
        }
        assertThat(pushed).isNotEmpty().isEqualTo(listed);
        assertThat(tempFiles(run)).isEmpty();
        assertThat(RunDirectoryAssertions.commandCountsByKey(run)).allSatisfy((k, n) -> assertThat(n).as(k).isEqualTo(1));
        for (String ledger : List.of("events.jsonl", "command_ledger.jsonl", "transfer_ledger.jsonl")) {
            assertThat(JsonlLedger.read(run.resolve(ledger)).unreadableLines()).as(ledger).isZero();
        }
    }

    private void killAt(String point, Map<String, String> env, String... args) throws Exception {
        killAt(point, env, null, args);
    }

    /** Starts a controller with the fault point armed, waits until it stops there, and SIGKILLs it. */
    private void killAt(String point, Map<String, String> env, Path home, String... args) throws Exception {
        Map<String, String> armed = new java.util.HashMap<>(env);
        armed.put("STH_FAULT_PAUSE", point);
        Process p = controller(armed, home, args);
        int n = controllers;
        Awaitility.await().atMost(REACH).pollInterval(Duration.ofMillis(50))
                .until(() -> log(n).contains("fault point reached: " + point) || !p.isAlive());
        assertThat(p.isAlive()).as("controller " + n + " stopped at " + point + "\n" + log(n)).isTrue();
        kill(p);
    }

    private Process controller(Map<String, String> env, Path home, String... args) throws IOException {
        controllers++;
        ProcessBuilder pb = Cli.controller(dir.resolve("controller-" + controllers + ".log"), args);
        // the controllers' temporary files in this test's folder, where what a kill leaves behind is seen
        pb.command().add(1, "-Djava.io.tmpdir=" + Files.createDirectories(dir.resolve("controller-tmp")));
        if (home != null) {
            pb.command().add(1, "-Duser.home=" + home);
        }
        pb.environment().putAll(env);
        return pb.start();
    }

    private static void kill(Process p) throws InterruptedException {
        p.destroyForcibly();
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
    }

    private String log(int n) {
        try {
            return Files.readString(dir.resolve("controller-" + n + ".log"), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }

    private static Path withPublish(DemoEnvironment env, Path repo, String publishBody) throws IOException {
        Path cfg = env.config();
        String toml = Files.readString(cfg, StandardCharsets.UTF_8)
                .replaceFirst("\\[paths]\n", "[paths]\nsystem_info_repo = \"" + repo + "\"\n")
                + "\n[publish.system-info]\n" + publishBody + "\n";
        AtomicFiles.write(cfg, toml);
        return cfg;
    }

    /**
     * A gh that is authenticated, lists the PR it recorded, and takes 3 s to create one (recording each start in
     * {@code creates}), so a controller killed meanwhile leaves it running on its own.
     */
    private static Path standInGh(Path dir) throws IOException {
        Files.createDirectories(dir);
        Path gh = dir.resolve("gh");
        Files.writeString(gh, """
                #!/bin/sh
                state='%s'
                case "$1 $2" in
                  "auth status") exit 0 ;;
                  "pr list") [ -f "$state/pr-url" ] && cat "$state/pr-url"; exit 0 ;;
                  "pr create") echo "$$" >> "$state/creates"; sleep 3
                               echo "https://github.com/STH-Dev/STH-System-Info/pull/1" > "$state/pr-url.tmp"
                               mv "$state/pr-url.tmp" "$state/pr-url"; cat "$state/pr-url"; exit 0 ;;
                esac
                echo "stand-in gh: unexpected $*" >&2; exit 2
                """.formatted(dir));
        Files.setPosixFilePermissions(gh, PosixFilePermissions.fromString("rwxr-xr-x"));
        return gh;
    }

    private static int listedFiles(Path run) {
        return ArtifactManifest.filesUnder(Json.readObject(run.resolve("artifact_manifest.json")), "benchmarks/system-info/").size();
    }

    private static List<String> tempFiles(Path run) throws IOException {
        try (Stream<Path> s = Files.walk(run)) {
            return s.filter(Files::isRegularFile).filter(AtomicFiles::isTemp)
                    .map(p -> run.relativize(p).toString()).filter(p -> !p.startsWith("publish-worktrees/")).toList();
        }
    }

    private static List<JsonNode> events(Path run) {
        return new ArrayList<>(JsonlLedger.read(run.resolve("events.jsonl")).records());
    }

    private static List<String> removedPaths(List<JsonNode> events, String type, String field) {
        List<String> out = new ArrayList<>();
        events.stream().filter(e -> e.path("event").asText().equals(type)).forEach(e -> e.path(field).forEach(p -> out.add(p.asText())));
        return out;
    }
}
