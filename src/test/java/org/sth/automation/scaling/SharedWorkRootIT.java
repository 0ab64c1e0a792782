package org.sth.automation.scaling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sth.automation.RunDirectoryAssertions;
import org.sth.automation.demo.DemoEnvironment;

/**
 * Issue 16, file mode: two {@code serve} processes started with the same config (one work root, no flag) elect a
 * leader; the leader is SIGKILLed while a phase it took is open, and the standby takes over and finishes all 20
 * requests over 4 hosts: every command once, no two runs of one host at once.
 */
class SharedWorkRootIT {

    @Test
    void theStandbyTakesOverTheRunsOfAKilledLeaderAndFinishesThemOnce(@TempDir Path dir) throws Exception {
        try (DemoEnvironment env = DemoEnvironment.start(dir, 0, null)) {
            // given four hosts and two controllers on one config
            List<String> hosts = new ArrayList<>(List.of(DemoEnvironment.HOST));
            hosts.addAll(env.addHosts(3));
            Path logA = dir.resolve("a.log");
            Path logB = dir.resolve("b.log");
            Process a = null;
            Process b = null;
            try {
                a = Controllers.startAndAwaitWatching(logA, "serve", "--config", env.config().toString());
                assertThat(RunDirectoryAssertions.read(logA)).contains("Leading");
                b = Controllers.startAndAwaitWatching(logB, "serve", "--config", env.config().toString());
                assertThat(RunDirectoryAssertions.read(logB)).contains("standby").doesNotContain("Leading");
                String leader = a.pid() + "@";

                // when 20 requests arrive and the leader is SIGKILLed with a phase open
                Controllers.request(dir.resolve("work/inbox"), hosts, 20, "system-info");
                Path runsRoot = dir.resolve("automation-runs");
                await().atMost(Duration.ofSeconds(300)).pollInterval(Duration.ofMillis(100))
                        .until(() -> Controllers.runs(runsRoot).stream().filter(r -> Controllers.state(r).equals("completed")).count() >= 2
                                && Controllers.runs(runsRoot).stream().anyMatch(r -> Controllers.openExecuteOf(r, leader)));
                a.destroyForcibly();
                assertThat(a.waitFor(30, TimeUnit.SECONDS)).isTrue();
                List<Path> inFlightAtKill = Controllers.runs(runsRoot).stream().filter(r -> Controllers.openExecuteOf(r, leader)).toList();

                // then the standby leads, resumes what the leader had in flight and finishes all 20, each command once
                await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(200))
                        .until(() -> RunDirectoryAssertions.read(logB).contains("Leading"));
                List<Path> runs = Controllers.awaitAllCompleted(runsRoot, 20, Duration.ofSeconds(900), logA, logB);
                Controllers.assertEveryCommandOnce(runs);
                Controllers.assertNoTwoRunsOfAHostOverlap(runs);
                assertThat(inFlightAtKill).isNotEmpty();
                for (Path r : inFlightAtKill) {
                    List<ObjectNode> ev = Controllers.events(r);
                    assertThat(ev).as(r.toString()).anySatisfy(e -> assertThat(e.path("event").asText()).isEqualTo("run_resumed"));
                    List<String> by = Controllers.controllersOf(r);
                    assertThat(by.get(by.size() - 1)).as(r.toString()).startsWith(b.pid() + "@");
                }
                assertThat(RunDirectoryAssertions.read(logB)).contains("Resumed:");
            } finally {
                if (a != null) {
                    a.destroyForcibly();
                }
                Controllers.stop(b);
            }
        }
    }

}
