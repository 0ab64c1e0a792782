package org.sth.automation.publish;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.awaitility.Awaitility;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.lib.StoredConfig;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.transport.PushResult;
import org.eclipse.jgit.transport.RefSpec;
import org.eclipse.jgit.transport.RemoteRefUpdate;
import org.eclipse.jgit.treewalk.TreeWalk;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sth.automation.config.AutomationConfig;
import org.sth.automation.io.AtomicFiles;
import org.sth.automation.io.Json;
import org.sth.automation.run.ArtifactManifest;

/**
 * What an interrupted git operation leaves, recovered by the next publish: the exact leftovers a controller killed inside
 * JGit's in-process receive-pack, index update or ref update leaves, in real repositories. Only leftovers no live process
 * can own are removed; a lock held by a live process is waited for, and another program's lock in a shared repository is
 * never touched.
 */
class PublishRecoveryIT {

    private static final PullRequests NO_GH = new PullRequests(Map.of("PATH", "/nonexistent-bin"), Duration.ofSeconds(30));

    @TempDir
    Path tmp;

    private final List<JsonNode> events = Collections.synchronizedList(new ArrayList<>());

    private PublishService.Result publish(PublishFixture f, AutomationConfig cfg) {
        return new PublishService(NO_GH, (event, fields) -> events.add(fields.deepCopy().put("event", event)))
                .publish(cfg, f.layout, f.plan, f.spec().publishSubject());
    }

    private List<String> removed(String repository) {
        List<String> out = new ArrayList<>();
        synchronized (events) {
            events.stream().filter(e -> e.path("event").asText().equals("git_debris_removed"))
                    .filter(e -> e.path("repository").asText().equals(repository))
                    .forEach(e -> e.path("removed").forEach(p -> out.add(p.asText())));
        }
        return out;
    }

    @Test
    void aPackAKilledReceiverLeftWithoutItsIndexIsRemovedAndThePushGoesThrough() throws Exception {
        // given the state a kill between JGit's pack and index renames leaves in a local bare remote: the pack of exactly
        // this push, kept for "jgit receive-pack", no .idx (made by pushing the same commit into a copy of the remote)
        PublishFixture f = new PublishFixture(tmp);
        Path copy = tmp.resolve("remote/copy.git");
        copyTree(f.bare, copy);
        Set<String> before = packs(copy);
        setOrigin(f.local, copy.toUri().toString());
        PublishService.Result toCopy = publish(f, f.config(f.local, "push_local = true\nremote_url = \"" + copy.toUri() + "\""));
        assertThat(toCopy.state().id()).isEqualTo("pr_ready");
        Set<String> added = new HashSet<>(packs(copy));
        added.removeAll(before);
        assertThat(added).hasSize(1);
        String pack = added.iterator().next();
        Path packs = Files.createDirectories(f.bare.resolve("objects/pack"));
        Files.copy(copy.resolve("objects/pack/" + pack), packs.resolve(pack));
        String keep = pack.replace(".pack", ".keep");
        Files.writeString(packs.resolve(keep), "jgit receive-pack from sth <automation@localhost>\n");
        setOrigin(f.local, f.bareUrl());
        // (a plain JGit push of that branch is refused now, as every push of the engine was before this recovery)
        assertThat(rawPush(f)).isEqualTo("REJECTED_OTHER_REASON missing object(s)");

        // when
        PublishService.Result r = publish(f, f.config(f.local, "push_local = true\nremote_url = \"" + f.bareUrl() + "\""));

        // then
        assertThat(r.state().id()).as(r.entry().toString()).isEqualTo("pr_ready");
        assertThat(f.remoteBranch()).isEqualTo(r.entry().path("commit").asText());
        assertThat(removed(f.bareUrl())).containsExactlyInAnyOrder("objects/pack/" + pack, "objects/pack/" + keep);
        assertEveryObjectReadable(f.bare, r.entry().path("commit").asText());
    }

    @Test
    void locksAKilledCommitLeftAreRemovedButAnotherProgramsLockInTheSharedCloneIsLeft() throws Exception {
        // given a committed publish, then what a kill inside JGit leaves: index.lock and HEAD.lock in the run's own worktree,
        // the run's branch lock and a receive temp file in the local clone; and a lock of another program in that clone
        PublishFixture f = new PublishFixture(tmp);
        AutomationConfig cfg = f.config(f.local, "push_local = false\nremote_url = \"" + f.bareUrl() + "\"");
        assertThat(publish(f, cfg).state().id()).isEqualTo("push_ready");
        Path wtGit = f.layout.publishWorktrees().resolve("system-info/.git");
        Path localGit = f.local.resolve(".git");
        Files.writeString(wtGit.resolve("index.lock"), "half an index");
        Files.writeString(wtGit.resolve("HEAD.lock"), "ref: refs/heads/x\n");
        Path branchLock = localGit.resolve("refs/heads/" + PublishFixture.BRANCH + ".lock");
        Files.writeString(branchLock, "0000\n");
        Files.writeString(localGit.resolve("objects/incoming_123.pack"), "PACK");
        Files.writeString(localGit.resolve("packed-refs.lock"), "another program's\n");
        AtomicFiles.write(f.layout.benchmarkDir("system-info").resolve("raw/extra.txt"), "a file collected again\n");

        // when
        PublishService.Result r = publish(f, cfg);

        // then the commit is made again (the payload changed), and only the engine's own leftovers went
        assertThat(r.state().id()).as(r.entry().toString()).isEqualTo("push_ready");
        assertThat(r.entry().path("commit_reused").asBoolean()).isFalse();
        assertThat(removed("publish-worktrees/system-info")).containsExactlyInAnyOrder(".git/index.lock", ".git/HEAD.lock");
        assertThat(removed(f.local.toString())).containsExactlyInAnyOrder(
                ".git/refs/heads/" + PublishFixture.BRANCH + ".lock", ".git/objects/incoming_123.pack");
        assertThat(localGit.resolve("packed-refs.lock")).exists();
        try (Git g = Git.open(f.local.toFile())) {
            assertThat(g.getRepository().resolve("refs/heads/" + PublishFixture.BRANCH).name()).isEqualTo(r.entry().path("commit").asText());
        }
    }

    @Test
    void aLockHeldByALiveProcessIsWaitedForAndItsRepositoryLeftAloneMeanwhile() throws Exception {
        // given a worktree with an index.lock, and its lock file held by a live process (as another engine's would be)
        PublishFixture f = new PublishFixture(tmp);
        AutomationConfig cfg = f.config(f.local, "push_local = false\nremote_url = \"" + f.bareUrl() + "\"");
        assertThat(publish(f, cfg).state().id()).isEqualTo("push_ready");
        Path indexLock = f.layout.publishWorktrees().resolve("system-info/.git/index.lock");
        Files.writeString(indexLock, "held");
        Path lock = f.layout.publishWorktrees().resolve("system-info.lock");
        Process holder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                System.getProperty("java.class.path"), LockHolder.class.getName(), lock.toString()).redirectErrorStream(true).start();
        try {
            assertThat(new String(holder.getInputStream().readNBytes(5), StandardCharsets.UTF_8)).isEqualTo("held\n");

            // when
            CompletableFuture<PublishService.Result> r = CompletableFuture.supplyAsync(() -> publish(f, cfg));

            // then nothing is touched while the holder lives; once it is gone the publish recovers and completes
            Awaitility.await().during(Duration.ofMillis(1500)).atMost(Duration.ofSeconds(5))
                    .until(() -> Files.exists(indexLock) && !r.isDone());
            holder.destroyForcibly();
            assertThat(holder.waitFor(10, TimeUnit.SECONDS)).isTrue();
            assertThat(r.get(60, TimeUnit.SECONDS).state().id()).isEqualTo("push_ready");
            assertThat(indexLock).doesNotExist();
            assertThat(removed("publish-worktrees/system-info")).containsExactly(".git/index.lock");
        } finally {
            holder.destroyForcibly();
        }
    }

    @Test
    void exactlyTheArtifactManifestsFilesArePublishedNeverATempFile() throws Exception {
        // given the temp file of a write in progress (this process) and one a killed controller left, among the results
        PublishFixture f = new PublishFixture(tmp);
        Path raw = f.layout.benchmarkDir("system-info").resolve("raw");
        Files.createDirectories(raw);
        Files.writeString(raw.resolve(".lscpu.txt.tmp-" + ProcessHandle.current().pid() + "-1f2e"), "half");
        Files.writeString(raw.resolve(".ipaddr.txt.tmp-193c287befbf35ad"), "half, from a version without pids");
        AutomationConfig cfg = f.config(f.local, "push_local = true\nremote_url = \"" + f.bareUrl() + "\"");

        // when
        PublishService.Result r = publish(f, cfg);

        // then
        assertThat(r.state().id()).isEqualTo("pr_ready");
        JsonNode manifest = Json.readObject(f.layout.artifactManifest());
        Set<String> listed = ArtifactManifest.filesUnder(manifest, "benchmarks/system-info/").keySet();
        assertThat(listed).isNotEmpty().noneMatch(p -> p.contains(".tmp-"));
        assertThat(r.entry().path("files").asInt()).isEqualTo(listed.size());
        Set<String> pushed = new HashSet<>();
        try (Git g = Git.open(f.bare.toFile()); RevWalk w = new RevWalk(g.getRepository());
             TreeWalk t = new TreeWalk(g.getRepository())) {
            t.addTree(w.parseCommit(g.getRepository().resolve(r.entry().path("commit").asText())).getTree());
            t.setRecursive(true);
            String prefix = r.entry().path("payload_path").asText() + "/";
            while (t.next()) {
                if (t.getPathString().startsWith(prefix)) {
                    pushed.add(t.getPathString().substring(prefix.length()));
                }
            }
        }
        assertThat(pushed).isEqualTo(listed);
    }

    private static String rawPush(PublishFixture f) throws Exception {
        String ref = "refs/heads/" + PublishFixture.BRANCH;
        try (Git g = Git.open(f.layout.publishWorktrees().resolve("system-info").toFile())) {
            for (PushResult pr : g.push().setRemote(f.bareUrl()).setRefSpecs(new RefSpec(ref + ":" + ref)).call()) {
                RemoteRefUpdate u = pr.getRemoteUpdate(ref);
                return u.getStatus() + " " + u.getMessage();
            }
        }
        return "no result";
    }

    private static void assertEveryObjectReadable(Path bare, String commit) throws IOException {
        try (Repository repo = Git.open(bare.toFile()).getRepository(); RevWalk w = new RevWalk(repo); TreeWalk t = new TreeWalk(repo)) {
            t.addTree(w.parseCommit(ObjectId.fromString(commit)).getTree());
            t.setRecursive(true);
            int blobs = 0;
            while (t.next()) {
                repo.open(t.getObjectId(0)).getBytes();
                blobs++;
            }
            assertThat(blobs).isPositive();
        }
    }

    private static Set<String> packs(Path bare) throws IOException {
        Path dir = bare.resolve("objects/pack");
        if (!Files.isDirectory(dir)) {
            return Set.of();
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".pack")).collect(java.util.stream.Collectors.toSet());
        }
    }

    private static void setOrigin(Path repo, String url) throws Exception {
        try (Git g = Git.open(repo.toFile())) {
            StoredConfig c = g.getRepository().getConfig();
            c.setString("remote", "origin", "url", url);
            c.save();
        }
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> s = Files.walk(from)) {
            for (Path p : s.toList()) {
                Path d = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(d);
                } else {
                    Files.copy(p, d);
                }
            }
        }
    }
}
