package org.sth.automation.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;
import org.sth.automation.Cli;
import org.sth.automation.RunDirectoryAssertions;
import org.sth.automation.demo.DemoEnvironment;
import org.sth.automation.io.Json;

/**
 * Wall-clock jumps under a running controller (libfaketime, Debian's {@code faketime} package, preloaded into the
 * controller JVM; only the wall clock is faked). A jump of hours forward must not end commands or captures at
 * their ceiling, a jump backward must not let a command outlive its ceiling: bounds are measured on the monotonic
 * clock. Opt-in ({@code -Dfaults.clock=true}, set by {@code scripts/faults/run-faults}): a JVM under libfaketime runs
 * about seven times slower here, too slow for {@code mvn verify}'s budget.
 */
@EnabledIfSystemProperty(named = "faults.clock", matches = "true")
class ClockJumpIT {

    static final Path LIBFAKETIME = Path.of("/usr/lib/x86_64-linux-gnu/faketime/libfaketimeMT.so.1");

    @BeforeAll
    static void fast() {
        Cli.fastRoutes();
    }

    private static ProcessBuilder fakedController(Path dir, Path clock, String... args) throws Exception {
        Assumptions.assumeTrue(Files.exists(LIBFAKETIME), "libfaketime not installed (apt-get install faketime)");
        Files.writeString(clock, "+0\n");
        ProcessBuilder pb = Cli.controller(dir.resolve("controller.log"), args);
        pb.environment().put("LD_PRELOAD", LIBFAKETIME.toString());
        pb.environment().put("FAKETIME_TIMESTAMP_FILE", clock.toString());
        pb.environment().put("FAKETIME_CACHE_DURATION", "1");
        pb.environment().put("FAKETIME_DONT_FAKE_MONOTONIC", "1");
        return pb;
    }

    @Test
    void aForwardJumpOfHoursMidExecuteEndsNothingEarly(@TempDir Path dir) throws Exception {
        try (DemoEnvironment env = DemoEnvironment.start(dir, 0, null)) {
            // given a controller whose wall clock jumps 3 h forward once captures have begun, then 3 h back
            Path clock = dir.resolve("faketime");
            Process p = fakedController(dir, clock, "run", "--config", env.config().toString(), "--host", DemoEnvironment.HOST,
                    "--benchmarks", "system-info").start();
            Path run = await().atMost(Duration.ofMinutes(10)).pollInterval(Duration.ofMillis(20))
                    .until(() -> RunDirectoryAssertions.findRun(dir.resolve("automation-runs")),
                            r -> r != null && RunDirectoryAssertions.read(r.resolve("command_ledger.jsonl")).contains("system-info/capture/"));

            // when
            Files.writeString(clock, "+3h\n");
            await().pollDelay(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(3)).until(() -> true);
            Files.writeString(clock, "+0\n");

            // then the run completes, every capture ran (none cut at a "ceiling"), nothing terminated
            assertThat(p.waitFor(30, TimeUnit.MINUTES)).isTrue();
            ObjectNode status = Json.readObject(run.resolve("status.json"));
            assertThat(status.path("state").asText()).as(RunDirectoryAssertions.read(dir.resolve("controller.log"))).isEqualTo("completed");
            ObjectNode execute = Json.readObject(run.resolve("state/steps/system-info/execute.json"));
            assertThat(execute.path("outcome").asText()).isEqualTo("completed");
            assertThat(RunDirectoryAssertions.read(run.resolve("command_ledger.jsonl"))).doesNotContain("\"outcome\":\"terminated\"");
            FaultReport.row("wall clock jumps 3 h forward mid-execute, then back", "no command or capture ended early; run completes",
                    "completed; 0 terminated commands; execute " + execute.path("outcome").asText(), "faults injected: 2, items lost: 0");
        }
    }

    @Test
    void aBackwardJumpDoesNotLetACommandOutliveItsCeiling(@TempDir Path dir) throws Exception {
        try (DemoEnvironment env = DemoEnvironment.start(dir, 0, null)) {
            // given bounds-probe with a 5 s ceiling, and a wall clock that jumps 1 h back once the command runs
            Files.writeString(env.config(), Files.readString(env.config()) + "\n[execution.max_execution_secs_per_adapter]\nbounds-probe = 5\n");
            Path clock = dir.resolve("faketime");
            Process p = fakedController(dir, clock, "run", "--config", env.config().toString(), "--host", DemoEnvironment.HOST,
                    "--benchmarks", "bounds-probe").start();
            Path run = await().atMost(Duration.ofMinutes(10)).pollInterval(Duration.ofMillis(20))
                    .until(() -> RunDirectoryAssertions.findRun(dir.resolve("automation-runs")),
                            r -> r != null && Files.exists(r.resolve("logs/commands/bounds-probe_execute_never-ending.started")));

            // when
            Files.writeString(clock, "-1h\n");

            // then the command is terminated at its ceiling, measured on the monotonic clock
            assertThat(p.waitFor(30, TimeUnit.MINUTES)).as("the run ends within minutes, not an hour").isTrue();
            ObjectNode execute = Json.readObject(run.resolve("state/steps/bounds-probe/execute.json"));
            assertThat(execute.path("outcome").asText()).isEqualTo("terminated");
            assertThat(execute.path("details").path("elapsed_secs").asDouble()).as("on the monotonic clock").isBetween(4.0, 60.0);
            assertThat(execute.path("details").path("remote_leftovers").asInt()).isZero();
            FaultReport.row("wall clock jumps 1 h back while a command runs (ceiling 5 s)", "terminated at its ceiling, not an hour later",
                    "terminated; leftovers 0", "faults injected: 1, items lost: 0");
        }
    }
}
