package org.sth.automation.scaling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sth.automation.demo.DemoEnvironment;

/**
 * Issue 21, liveness: many runs queued behind their host's holder, deferred again and again on a short delay, while the
 * controller that joined the broker is SIGKILLed twice (and started again; more with -Ddeferred.kills). Every deferred run comes back and
 * finishes; none needed the watchdog (the cause of the lost deferral is fixed, the watchdog is the safety net), no
 * command ran twice and no two runs of one host overlapped.
 */
class DeferredRunsIT {

    private static final int REQUESTS = Integer.getInteger("deferred.requests", 16);
    private static final int KILLS = Integer.getInteger("deferred.kills", 2);
    /** The phase queues' JMS options, when a run of this test is to use others than the packaged ones. */
    private static final String OPTIONS = System.getProperty("deferred.options");

    private static long queued(Path runsRoot) {
        return Controllers.runs(runsRoot).stream().filter(r -> Controllers.state(r).equals("queued")).count();
    }

    @Test
    void deferredRunsComeBackWhenTheOtherControllerIsKilledAgainAndAgain(@TempDir Path dir) throws Exception {
        try (DemoEnvironment env = DemoEnvironment.start(dir, 0, """
                [benchmarks.probe]
                command = "sleep 1 && echo ok=1 > r.txt"
                results = ["r.txt"]
                parser = "key=value"
                """)) {
            // given two hosts, many runs per host deferred on a short delay, two controllers on one broker
            List<String> hosts = new ArrayList<>(List.of(DemoEnvironment.HOST));
            hosts.addAll(env.addHosts(1));
            Files.writeString(env.config(), Files.readString(env.config()).replace("[execution]\n", "[execution]\nmax_parallel_hosts = 4\n"));
            Path props = dir.resolve("test.properties");
            Files.writeString(props, "sth.broker.deferDelay = 50\n" + (OPTIONS == null ? "" : "sth.broker.options = " + OPTIONS + "\n"));
            int port = Controllers.freePort();
            Path logA = dir.resolve("a.log");
            Process a = null;
            Process b = null;
            List<Path> logs = new ArrayList<>(List.of(logA));
            try {
                a = Controllers.startAndAwaitWatching(logA, "serve", "--config", env.config().toString(), "--properties", props.toString(),
                        "--embedded-broker", "--broker-port", Integer.toString(port));
                Path logB = dir.resolve("b0.log");
                logs.add(logB);
                b = Controllers.startAndAwaitWatching(logB, "serve", "--config", env.config().toString(), "--properties", props.toString(),
                        "--broker", "tcp://127.0.0.1:" + port);

                // when the requests arrive and B is SIGKILLed while runs wait, then started again, several times
                Controllers.request(dir.resolve("work/inbox"), hosts, REQUESTS, "probe");
                Path runsRoot = dir.resolve("automation-runs");
                await().atMost(Duration.ofSeconds(120)).until(() -> Controllers.runs(runsRoot).size() == REQUESTS);
                for (int k = 1; k <= KILLS; k++) {
                    String pidAt = b.pid() + "@";
                    await().atMost(Duration.ofSeconds(300)).pollInterval(Duration.ofMillis(100))
                            .until(() -> queued(runsRoot) < 2 || Controllers.runs(runsRoot).stream().anyMatch(r -> Controllers.controllersOf(r)
                                    .stream().anyMatch(c -> c.startsWith(pidAt))));
                    if (queued(runsRoot) < 2) {
                        break;
                    }
                    b.destroyForcibly();
                    assertThat(b.waitFor(30, TimeUnit.SECONDS)).isTrue();
                    logB = dir.resolve("b" + k + ".log");
                    logs.add(logB);
                    b = Controllers.startAndAwaitWatching(logB, "serve", "--config", env.config().toString(), "--properties", props.toString(),
                            "--broker", "tcp://127.0.0.1:" + port);
                }

                // then every run completes, every command once, no two runs of a host at once, and none needed the watchdog
                List<Path> runs = Controllers.awaitAllCompleted(runsRoot, REQUESTS, Duration.ofSeconds(600), logs.toArray(Path[]::new));
                Controllers.assertEveryCommandOnce(runs);
                Controllers.assertNoTwoRunsOfAHostOverlap(runs);
                assertThat(runs).allSatisfy(r -> assertThat(Controllers.events(r)).as(Controllers.timeline(r))
                        .noneMatch(e -> e.path("event").asText().equals("run_requeued")));
            } finally {
                if (b != null) {
                    b.destroyForcibly();
                }
                Controllers.stop(a);
            }
        }
    }
}
