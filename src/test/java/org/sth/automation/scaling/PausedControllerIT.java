package org.sth.automation.scaling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sth.automation.RunDirectoryAssertions;
import org.sth.automation.demo.DemoEnvironment;

/**
 * Issue 21, fencing: a controller paused with SIGSTOP while it runs a run's execute, for longer than its connection TTL
 * (test scale: 3 s), loses the run to the other controller; resumed, it writes nothing more to the run (its next write
 * meets a higher holder epoch), and the command it had started is ended and run once by its successor.
 */
class PausedControllerIT {

    @Test
    void aControllerPausedPastItsConnectionTtlWritesNothingToTheRunsItsSuccessorTookOver(@TempDir Path dir) throws Exception {
        try (DemoEnvironment env = DemoEnvironment.start(dir, 0, """
                [benchmarks.slow]
                command = "sleep 6 && echo ok=1 > r.txt"
                results = ["r.txt"]
                parser = "key=value"
                ceiling_secs = 120
                """)) {
            // given two controllers on one broker, B with a test-scale connection TTL, and requests over three hosts
            List<String> hosts = new ArrayList<>(List.of(DemoEnvironment.HOST));
            hosts.addAll(env.addHosts(2));
            int port = Controllers.freePort();
            Path logA = dir.resolve("a.log");
            Path logB = dir.resolve("b.log");
            Process a = null;
            Process b = null;
            try {
                a = Controllers.startAndAwaitWatching(logA, "serve", "--config", env.config().toString(), "--embedded-broker", "--broker-port",
                        Integer.toString(port));
                b = Controllers.startAndAwaitWatching(logB, "serve", "--config", env.config().toString(), "--broker",
                        "tcp://127.0.0.1:" + port + "?connectionTTL=3000&clientFailureCheckPeriod=1000");
                String paused = b.pid() + "@";
                Controllers.request(dir.resolve("work/inbox"), hosts, 6, "slow");
                Path runsRoot = dir.resolve("automation-runs");

                // when B is paused while it runs an execute (its step beating), until A has taken that run over, then resumed
                await().atMost(Duration.ofSeconds(300)).pollInterval(Duration.ofMillis(100))
                        .until(() -> Controllers.runs(runsRoot).stream().anyMatch(r -> Controllers.openExecuteOf(r, paused)
                                && executeCommandStarted(r)));
                new ProcessBuilder("kill", "-STOP", Long.toString(b.pid())).start().waitFor();
                // the runs whose benchmark command B had started on the host (a quiet-host sample comes first, and a run
                // paused before its command has nothing to end)
                List<Path> taken = Controllers.runs(runsRoot).stream().filter(r -> Controllers.openExecuteOf(r, paused)
                        && executeCommandStarted(r)).toList();
                String successor = a.pid() + "@";
                await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(200)).until(() -> taken.stream().allMatch(r ->
                        Controllers.controllersOf(r).get(Controllers.controllersOf(r).size() - 1).startsWith(successor)));
                new ProcessBuilder("kill", "-CONT", Long.toString(b.pid())).start().waitFor();

                // then every run completes, every command once, and no ledger line of B follows A's takeover
                List<Path> runs = Controllers.awaitAllCompleted(runsRoot, 6, Duration.ofSeconds(600), logA, logB);
                Controllers.assertEveryCommandOnce(runs);
                Controllers.assertNoTwoRunsOfAHostOverlap(runs);
                Controllers.assertEpochsNeverGoBack(runs);
                for (Path r : taken) {
                    List<ObjectNode> ev = Controllers.events(r);
                    assertThat(ev).as(Controllers.timeline(r)).anySatisfy(e -> assertThat(e.path("event").asText()).isEqualTo("previous_incarnation_ended"));
                    assertThat(RunDirectoryAssertions.commandCountsByKey(r)).allSatisfy((key, n) -> assertThat(n).as(key).isEqualTo(1));
                }
                // B met the fence once resumed (its command had been ended under it), and still works for the other runs
                await().atMost(Duration.ofSeconds(120)).untilAsserted(() -> assertThat(RunDirectoryAssertions.read(logB))
                        .contains("another controller took run"));
                assertThat(b.isAlive()).isTrue();
                assertThat(Files.readString(logB)).doesNotContain("Exception in thread");
            } finally {
                if (b != null) {
                    new ProcessBuilder("kill", "-CONT", Long.toString(b.pid())).start().waitFor();
                    b.destroyForcibly();
                }
                Controllers.stop(a);
            }
        }
    }

    /** Whether the run's execute command has started on the host ({@code logs/commands/<key>.started}, written before it runs). */
    private static boolean executeCommandStarted(Path run) {
        try (var files = Files.walk(run.resolve("logs/commands"))) {
            return files.anyMatch(f -> f.toString().contains("execute") && f.toString().endsWith(".started"));
        } catch (java.io.IOException | java.io.UncheckedIOException notYet) {
            return false;
        }
    }
}
