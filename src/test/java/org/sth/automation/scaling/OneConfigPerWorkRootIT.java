package org.sth.automation.scaling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sth.automation.Cli;
import org.sth.automation.RunDirectoryAssertions;
import org.sth.automation.demo.DemoEnvironment;

/**
 * Issue 21, tried as a new user would: with a {@code serve} leading a work root, {@code run --config other.toml} on the
 * same work root printed "standby" and its request ran under the leader's config. Now a verb or a controller whose
 * effective config differs from the running controllers' is refused (exit 2) with both paths and what differs, before
 * anything is queued; the same settings from another file are welcome. In file and in broker mode.
 */
class OneConfigPerWorkRootIT {

    /** A copy of the demo config whose host has another port and another key: what the operator had. */
    private static Path other(DemoEnvironment env, Path dir) throws Exception {
        Path other = dir.resolve("other.toml");
        Files.writeString(other, Files.readString(env.config()).replace("port = " + env.server().port(), "port = 2222")
                .replace("value = \"keys/id_demo\"", "value = \"keys/id_other\""));
        return other;
    }

    @Test
    void aRunWithAnotherConfigIsRefusedWhileAServeLeadsAndTheSameSettingsFromACopyRun(@TempDir Path dir) throws Exception {
        try (DemoEnvironment env = DemoEnvironment.start(dir, 0, """
                [benchmarks.probe]
                command = "echo ok=1 > r.txt"
                results = ["r.txt"]
                parser = "key=value"
                """)) {
            // given a file-mode serve leads the work root with demo.toml
            Path log = dir.resolve("serve.log");
            Process serve = Controllers.startAndAwaitWatching(log, "serve", "--config", env.config().toString());
            try {
                Path other = other(env, dir);

                // when a run comes with other.toml (same work root, another port and key)
                Cli.Result refused = Cli.run("run", "--config", other.toString(), "--host", DemoEnvironment.HOST, "--benchmarks", "probe");

                // then it is refused with exit 2, both paths and what differs, and nothing was queued
                assertThat(refused.exit()).as(refused.toString()).isEqualTo(2);
                assertThat(refused.err()).contains(other.toString(), env.config().toString(), "hosts[0].port: 2222 here, "
                        + env.server().port() + " there", "authRefs.demo_key.value", "fix: run with --config " + env.config());
                assertThat(refused.out()).doesNotContain("standby", "Run directory:");
                assertThat(Controllers.runs(dir.resolve("automation-runs"))).isEmpty();
                try (var inbox = Files.list(dir.resolve("work/inbox"))) {
                    assertThat(inbox.filter(p -> !p.getFileName().toString().startsWith("."))).isEmpty();
                }

                // and a copy of the leader's config in another file (same settings) is run, by the leader
                Path copy = dir.resolve("copy.toml");
                Files.copy(env.config(), copy);
                Cli.Result ran = Cli.run("run", "--config", copy.toString(), "--host", DemoEnvironment.HOST, "--benchmarks", "probe");
                assertThat(ran.exit()).as(ran.toString()).isZero();
                assertThat(ran.out()).contains("another controller leads it");
            } finally {
                Controllers.stop(serve);
            }
        }
    }

    @Test
    void aControllerWithAnotherConfigCannotJoinTheBrokerOfTheWorkRoot(@TempDir Path dir) throws Exception {
        try (DemoEnvironment env = DemoEnvironment.start(dir, 0, null)) {
            // given a broker-mode serve with demo.toml
            int port = Controllers.freePort();
            Path logA = dir.resolve("a.log");
            Process a = Controllers.startAndAwaitWatching(logA, "serve", "--config", env.config().toString(), "--embedded-broker",
                    "--broker-port", Integer.toString(port));
            Process b = null;
            try {
                // when a second controller joins with other.toml
                Path logB = dir.resolve("b.log");
                b = Cli.controller(logB, "serve", "--config", other(env, dir).toString(), "--broker", "tcp://127.0.0.1:" + port).start();

                // then it stops at once with exit 2 and says why; the first goes on leading
                assertThat(b.waitFor(120, TimeUnit.SECONDS)).isTrue();
                assertThat(b.exitValue()).as(RunDirectoryAssertions.read(logB)).isEqualTo(2);
                assertThat(RunDirectoryAssertions.read(logB)).contains("run another config", env.config().toString(), "hosts[0].port")
                        .doesNotContain("Watching");
                await().atMost(Duration.ofSeconds(5)).until(a::isAlive);
            } finally {
                if (b != null) {
                    b.destroyForcibly();
                }
                Controllers.stop(a);
            }
        }
    }
}
