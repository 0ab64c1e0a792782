package org.sth.automation.engine.integrity;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.treewalk.TreeWalk;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sth.automation.Cli;
import org.sth.automation.demo.DemoEnvironment;
import org.sth.automation.io.AtomicFiles;
import org.sth.automation.io.Json;
import org.sth.automation.observe.RunPages;
import org.sth.automation.observe.RunsIndex;
import org.sth.automation.run.JsonlLedger;

/**
 * Numbers you can trust, on the demo host with a CPU hog the test starts: the hog is named in the noisy verdict, the
 * "refuse" policy keeps that benchmark from running and from being published, "wait" waits its bound and records what it
 * saw, the run's own busy process is not counted against it, {@code repeat = "auto"} stops when the spread falls under the
 * threshold and flags a benchmark whose spread does not, and every published commit carries its disclosure.
 */
class IntegrityIT {

    @BeforeAll
    static void fast() {
        Cli.fastRoutes();
    }

    @Test
    void aNoisyHostIsNamedRefusedOrFlaggedAndRepeatedRunsStopWhenTheyAgree(@TempDir Path dir) throws Exception {
        String hogName = "qhog" + HexFormat.of().formatHex(new byte[] {(byte) ThreadLocalRandom.current().nextInt(), (byte) 7, (byte) 9});
        Path hogPath = Files.createSymbolicLink(dir.resolve(hogName), Path.of(Files.exists(Path.of("/usr/bin/yes")) ? "/usr/bin/yes" : "/bin/yes"));
        Process hog = null;
        try (DemoEnvironment env = DemoEnvironment.start(dir, 0, null)) {
            // given a results repository with a remote, four declared benchmarks and a CPU hog the run did not start
            Path bare = dir.resolve("remote/results.git");
            Git.init().setBare(true).setInitialBranch("main").setDirectory(bare.toFile()).call().close();
            Path clone = dir.resolve("results");
            try (Git g = Git.init().setInitialBranch("main").setDirectory(clone.toFile()).call()) {
                AtomicFiles.write(clone.resolve("README.md"), "# results\n");
                g.add().addFilepattern("README.md").call();
                g.commit().setMessage("Initial").setAuthor("t", "t@localhost").setCommitter("t", "t@localhost").setSign(false).call();
                g.remoteAdd().setName("origin").setUri(new org.eclipse.jgit.transport.URIish(bare.toUri().toString())).call();
                g.push().setRemote("origin").add("main").call();
            }
            String config = Files.readString(env.config()).replace("bundle_cache_dir = \"bundle-cache\"",
                    "bundle_cache_dir = \"bundle-cache\"\nresults_repo = \"" + clone + "\"");
            String varying = "n=$(cat n 2>/dev/null || echo 0); n=$((n+1)); echo $n > n; ";
            Files.writeString(env.config(), config + """

                    [integrity]
                    max_spread_percent = 5
                    min_runs = 3
                    max_runs = 8

                    [integrity.quiet]
                    sample_window_secs = 0.3
                    max_foreign_cpu_percent = 30
                    top_offenders = 10
                    checks = ["cpu", "memory"]

                    [publish.results]
                    push_local = true

                    [benchmarks.refused]
                    command = "echo ops=1 > r.txt"
                    results = ["r.txt"]
                    parser = "key=value"
                    publish_target = "results"
                    repo_path_key = "results"
                    quiet_policy = "refuse"

                    [benchmarks.waits]
                    command = "while [ $SECONDS -lt 3 ]; do :; done; echo ops=1 > r.txt"
                    results = ["r.txt"]
                    parser = "key=value"
                    heartbeat_secs = 1
                    publish_target = "results"
                    repo_path_key = "results"
                    quiet_policy = "wait"
                    quiet_wait_secs = 2

                    [benchmarks.converges]
                    command = "%scase $n in 2) v=110;; *) v=100;; esac; echo ops=$v > r.txt"
                    results = ["r.txt"]
                    parser = "key=value"
                    publish_target = "results"
                    repo_path_key = "results"
                    repeat = "auto"

                    [benchmarks.diverges]
                    command = "%scase $((n %% 2)) in 1) v=100;; *) v=200;; esac; echo ops=$v > r.txt"
                    results = ["r.txt"]
                    parser = "key=value"
                    publish_target = "results"
                    repo_path_key = "results"
                    repeat = "auto"
                    max_runs = 5
                    """.formatted(varying, varying));
            hog = new ProcessBuilder(hogPath.toString()).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .redirectError(ProcessBuilder.Redirect.DISCARD).start();

            // when
            Cli.Result r = Cli.run("run", "--config", env.config().toString(), "--host", DemoEnvironment.HOST,
                    "--benchmarks", "refused,waits,converges,diverges", "--timeout", "PT4M");

            // then the refused benchmark did not run, named the hog, and was not published
            assertThat(r.exit()).as(r.toString()).isEqualTo(1);
            Path run = r.runDir();
            ObjectNode status = Json.readObject(run.resolve("status.json"));
            assertThat(status.path("steps").path("refused").path("execute").asText()).isEqualTo("blocked");
            ObjectNode refused = Json.readObject(run.resolve("state/steps/refused/execute.json"));
            assertThat(refused.path("details").path("reason").asText()).contains("quiet_policy refuse", hogName);
            assertThat(status.path("integrity").path("refused").path("quiet").asText()).isEqualTo("noisy");
            assertThat(Files.exists(run.resolve("benchmarks/refused/r.txt"))).isFalse();

            // "wait" waited its bound for a quiet host, then ran; its own busy shell is the run's, not an offender
            ObjectNode waits = Json.readObject(run.resolve("state/steps/waits/execute.json"));
            assertThat(waits.path("outcome").asText()).isEqualTo("completed");
            assertThat(waits.path("details").path("quiet").path("waited_secs").asLong()).isGreaterThanOrEqualTo(2);
            assertThat(waits.path("details").path("quiet").path("verdict").asText()).isEqualTo("noisy");
            List<ObjectNode> samples = JsonlLedger.read(run.resolve("benchmarks/waits/quiet_host.jsonl")).records();
            assertThat(samples).extracting(s -> s.path("moment").asText()).contains("before", "during", "after");
            JsonNode busy = samples.stream().filter(s -> s.path("run_processes").size() > 0
                    && s.path("run_processes").get(0).path("cpu_percent").asDouble() > 20).findFirst()
                    .orElseThrow(() -> new AssertionError("no sample saw the run's busy shell: " + samples));
            int ownPid = busy.path("run_processes").get(0).path("pid").asInt();
            assertThat(busy.path("run_processes").get(0).path("affinity").asText()).isNotBlank();
            assertThat(busy.path("offenders").findValues("pid")).extracting(JsonNode::asInt).doesNotContain(ownPid);
            assertThat(busy.path("offenders").findValues("name")).extracting(JsonNode::asText).contains(hogName);

            // "auto" stopped at the 4th run, when 100, 110, 100, 100 agreed within 5 %; each run kept
            ObjectNode converges = Json.readObject(run.resolve("benchmarks/converges/repetitions.json"));
            assertThat(converges.path("runs").asInt()).isEqualTo(4);
            assertThat(converges.path("verdict").asText()).isEqualTo("agreed");
            assertThat(converges.path("metrics").path("ops").path("median").asDouble()).isEqualTo(100.0);
            assertThat(converges.path("metrics").path("ops").path("spread_percent").asDouble()).isEqualTo(4.878);
            for (int i = 1; i <= 4; i++) {
                assertThat(run.resolve("benchmarks/converges/iterations/" + i + "/summary.json")).exists();
            }
            assertThat(run.resolve("benchmarks/converges/iterations/5")).doesNotExist();

            // and one whose runs never agree stops at max_runs, flagged
            ObjectNode diverges = Json.readObject(run.resolve("benchmarks/diverges/repetitions.json"));
            assertThat(diverges.path("runs").asInt()).isEqualTo(5);
            assertThat(diverges.path("verdict").asText()).isEqualTo("spread_above_threshold");
            assertThat(diverges.path("flagged").asBoolean()).isTrue();

            // every published commit carries its disclosure; the refused one has no commit
            List<String> branches = new ArrayList<>();
            try (Git remote = Git.open(bare.toFile())) {
                remote.branchList().call().forEach(b -> branches.add(b.getName()));
                assertThat(branches).noneMatch(b -> b.contains("/refused/"));
                JsonNode agreed = Json.parse(file(remote.getRepository(), branch(branches, "converges"), "disclosure.json"));
                assertThat(agreed.path("repetition").path("verdict").asText()).isEqualTo("agreed");
                assertThat(agreed.path("quiet_host").path("verdict").asText()).isEqualTo("noisy");
                assertThat(agreed.path("quiet_host").path("reasons").toString()).contains(hogName);
                assertThat(agreed.path("flags").toString()).contains("quiet_host_noisy");
                assertThat(agreed.path("clean").asBoolean()).isFalse();
                assertThat(agreed.path("engine").path("commit").asText()).matches("[0-9a-f]{40}|unknown");
                assertThat(agreed.path("host_state").path("kernel").asText()).isNotBlank();
                assertThat(agreed.path("host_state").path("inventory_sha256").asText()).hasSize(64);
                assertThat(agreed.path("commands").findValues("key")).extracting(JsonNode::asText)
                        .contains("converges/execute/run#r1", "converges/execute/run#r4");
                assertThat(agreed.path("ceilings").path("step_ceiling_secs").asLong()).isPositive();
                assertThat(file(remote.getRepository(), branch(branches, "converges"), "iterations/4/r.txt")).contains("ops=100");
                JsonNode flagged = Json.parse(file(remote.getRepository(), branch(branches, "diverges"), "disclosure.json"));
                assertThat(flagged.path("flags").toString()).contains("repetition_spread_above_threshold");
                JsonNode waited = Json.parse(file(remote.getRepository(), branch(branches, "waits"), "disclosure.json"));
                assertThat(waited.path("affinity").path("read_back_during_step").toString()).contains("bash");
            }

            // status and the run page show the verdicts
            Cli.Result st = Cli.run("status", "--run-dir", run.toString());
            assertThat(st.out()).contains("Integrity: refused: host noisy (policy refuse)", "Integrity: converges: host noisy",
                    "4 runs agreed", "Integrity: diverges:", "5 runs spread above threshold");
            String page = new RunPages(new RunsIndex(dir.resolve("work/requests"))).run(status.path("run_id").asText());
            assertThat(page).contains("Measurement integrity", "Quiet-host samples: waits", hogName);
        } finally {
            if (hog != null) {
                hog.destroyForcibly().waitFor();
            }
        }
    }

    private static String branch(List<String> branches, String benchmark) {
        return branches.stream().filter(b -> b.contains("/" + benchmark + "/")).findFirst()
                .orElseThrow(() -> new AssertionError(benchmark + " was not published: " + branches));
    }

    /** A file of a branch's tip, found anywhere under the payload's folder. */
    private static String file(Repository repo, String ref, String suffix) throws Exception {
        ObjectId tip = repo.resolve(ref);
        try (RevWalk walk = new RevWalk(repo); TreeWalk tw = new TreeWalk(repo)) {
            tw.addTree(walk.parseCommit(tip).getTree());
            tw.setRecursive(true);
            while (tw.next()) {
                if (tw.getPathString().endsWith("/" + suffix)) {
                    return new String(repo.open(tw.getObjectId(0)).getBytes(), StandardCharsets.UTF_8);
                }
            }
        }
        throw new AssertionError(suffix + " is not in " + ref);
    }
}
