package org.sth.automation.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.sth.automation.RunDirectoryAssertions.assertCompleteRunDirectory;
import static org.sth.automation.RunDirectoryAssertions.assertEveryPhaseEnteredAndLeft;
import static org.sth.automation.RunDirectoryAssertions.commandCountsByKey;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sth.automation.Cli;
import org.sth.automation.RunDirectoryAssertions;
import org.sth.automation.demo.DemoEnvironment;
import org.sth.automation.io.Json;
import org.sth.automation.run.JsonlLedger;

/**
 * Kills the controller JVM with SIGKILL in the middle of the execute phase, then resumes: the run
 * completes, no ledger line is lost and no checkpointed command runs twice.
 */
class CrashResumeIT {

    @BeforeAll
    static void fast() {
        Cli.fastRoutes();
    }

    @Test
    void killedMidExecuteThenResumedCompletesWithoutRepeatingWork(@TempDir Path dir) throws Exception {
        try (DemoEnvironment env = DemoEnvironment.start(dir, 0, null)) {
            // given a controller in its own JVM, running system-info
            Path log = dir.resolve("controller.log");
            Process controller = Cli.controller(log, "run", "--config", env.config().toString(),
                    "--host", DemoEnvironment.HOST, "--benchmarks", "system-info").start();
            Path runsRoot = dir.resolve("automation-runs");

            // when it is SIGKILLed once some captures are done (mid execute)
            Path run = await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(20))
                    .until(() -> RunDirectoryAssertions.findRun(runsRoot), r -> r != null && captures(r) >= 6);
            controller.destroyForcibly();
            assertThat(controller.waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(controller.exitValue()).as("killed by SIGKILL").isEqualTo(137);
            List<String> ledgerAtKill = Files.readAllLines(run.resolve("command_ledger.jsonl"));
            List<String> eventsAtKill = Files.readAllLines(run.resolve("events.jsonl"));
            ObjectNode statusAtKill = Json.readObject(run.resolve("status.json"));
            assertThat(statusAtKill.path("state").asText()).isEqualTo("running");
            assertThat(captures(run)).as("killed before execute finished").isLessThan(25);

            // then resume completes the run
            Cli.Result resumed = Cli.run("resume", "--run-dir", run.toString(), "--timeout", "PT5M");
            assertThat(resumed.exit()).as(resumed.toString()).isZero();
            assertThat(resumed.out()).contains("Resuming", "run completed");

            ObjectNode status = Json.readObject(run.resolve("status.json"));
            assertThat(status.path("state").asText()).isEqualTo("completed");
            assertCompleteRunDirectory(run);
            assertEveryPhaseEnteredAndLeft(run);
            // no ledger line lost: what was there at the kill is still there, in order
            List<String> ledgerAfter = Files.readAllLines(run.resolve("command_ledger.jsonl"));
            assertThat(ledgerAfter.subList(0, ledgerAtKill.size())).isEqualTo(ledgerAtKill);
            assertThat(Files.readAllLines(run.resolve("events.jsonl")).subList(0, eventsAtKill.size())).isEqualTo(eventsAtKill);
            // no step executed twice
            assertThat(commandCountsByKey(run)).allSatisfy((key, n) -> assertThat(n).as(key).isEqualTo(1));
            assertThat(commandCountsByKey(run).keySet().stream().filter(k -> k.startsWith("system-info/capture/"))).hasSize(25);
            assertThat(JsonlLedger.read(run.resolve("events.jsonl")).records())
                    .anyMatch(e -> e.path("event").asText().equals("run_interrupted"))
                    .filteredOn(e -> e.path("event").asText().equals("phase_entered") && e.path("phase").asText().equals("execute"))
                    .as("execute entered before the kill and again after resume").hasSize(2);
        }
    }

    private static long captures(Path run) {
        Path ledger = run.resolve("command_ledger.jsonl");
        if (!Files.exists(ledger)) {
            return 0;
        }
        try (Stream<String> lines = Files.lines(ledger)) {
            return lines.filter(l -> l.contains("\"system-info/capture/")).count();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }


}
