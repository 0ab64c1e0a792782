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
 * Issue 16: two controller processes on one Artemis broker (embedded in the first) share 20 requests over 4 hosts;
 * the second is SIGKILLed while it has a phase in flight, and the first finishes everything: each request done once,
 * every command once, no two runs of one host at the same time.
 */
class BrokerModeIT {

    @Test
    void twoControllersOnOneBrokerFinishTwentyRequestsOverFourHostsWhenOneIsKilled(@TempDir Path dir) throws Exception {
        try (DemoEnvironment env = DemoEnvironment.start(dir, 0, null)) {
            // given four hosts, a controller that runs the broker and one that joins it
            List<String> hosts = new ArrayList<>(List.of(DemoEnvironment.HOST));
            hosts.addAll(env.addHosts(3));
            // 8 consumers per phase queue and controller (the default is 64): enough for 4 hosts, lighter on a test machine
            java.nio.file.Files.writeString(env.config(), java.nio.file.Files.readString(env.config())
                    .replace("[execution]\n", "[execution]\nmax_parallel_hosts = 8\n"));
            int port = Controllers.freePort();
            Path logA = dir.resolve("a.log");
            Path logB = dir.resolve("b.log");
            Process a = null;
            Process b = null;
            try {
                a = Controllers.startAndAwaitWatching(logA, "serve", "--config", env.config().toString(), "--embedded-broker", "--broker-port",
                        Integer.toString(port));
                assertThat(RunDirectoryAssertions.read(logA)).contains("Leading", "Phase queues on the broker");
                b = Controllers.startAndAwaitWatching(logB, "serve", "--config", env.config().toString(), "--broker", "tcp://127.0.0.1:" + port);
                assertThat(RunDirectoryAssertions.read(logB)).contains("standby").doesNotContain("Leading");
                String killed = b.pid() + "@";

                // when 20 requests arrive, and B is SIGKILLed while a phase it took is still open
                Controllers.request(dir.resolve("work/inbox"), hosts, 20, "system-info");
                Path runsRoot = dir.resolve("automation-runs");
                await().atMost(Duration.ofSeconds(300)).pollInterval(Duration.ofMillis(100))
                        .until(() -> Controllers.runs(runsRoot).stream().anyMatch(r -> Controllers.openExecuteOf(r, killed)));
                b.destroyForcibly();
                assertThat(b.waitFor(30, TimeUnit.SECONDS)).isTrue();
                List<Path> inFlightAtKill = Controllers.runs(runsRoot).stream().filter(r -> Controllers.openExecuteOf(r, killed)).toList();

                // then A finishes all 20: every command once, no two runs of one host at once
                List<Path> runs = Controllers.awaitAllCompleted(runsRoot, 20, Duration.ofSeconds(900), logA, logB);
                Controllers.assertEveryCommandOnce(runs);
                Controllers.assertNoTwoRunsOfAHostOverlap(runs);
                // both controllers did work, and what B had in flight was delivered again and finished by A
                assertThat(runs.stream().flatMap(r -> Controllers.controllersOf(r).stream()).distinct().count()).isEqualTo(2);
                assertThat(inFlightAtKill).isNotEmpty();
                for (Path r : inFlightAtKill) {
                    List<ObjectNode> ev = Controllers.events(r);
                    assertThat(ev).as(r.toString()).anySatisfy(e -> {
                        assertThat(e.path("event").asText()).isEqualTo("run_resumed");
                        assertThat(e.path("how").asText()).contains("delivered again by the broker");
                    });
                    assertThat(Controllers.controllersOf(r).get(Controllers.controllersOf(r).size() - 1)).doesNotStartWith(killed);
                }
                // each request made one run (20 requests, 20 run directories, 5 per host)
                assertThat(runs).hasSize(20);
            } finally {
                if (b != null) {
                    b.destroyForcibly();
                }
                Controllers.stop(a);
            }
        }
    }

}
