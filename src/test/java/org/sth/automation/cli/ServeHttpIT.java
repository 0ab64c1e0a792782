package org.sth.automation.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sth.automation.Cli;
import org.sth.automation.OpenSshd;
import org.sth.automation.demo.DemoEnvironment;
import org.sth.automation.io.AtomicFiles;

/**
 * Tried as an operator: {@code serve --http-port} exposed all of Camel's developer consoles unauthenticated, and
 * {@code /q/dev/send} wrote a file as the controller's user; a taken port only logged a BindException. Now only the
 * engine's views, health and metrics answer without the token; the send console is unreachable; nothing changes state
 * without the token; a taken port stops serve with exit 2. (SecurityIT probes the same server with every flag on.)
 */
class ServeHttpIT {

    @Test
    void onlyTheEnginesViewsHealthAndMetricsAnswerAndTheSendConsoleIsUnreachable(@TempDir Path dir) throws Exception {
        int port = OpenSshd.freePort();
        try (DemoEnvironment env = DemoEnvironment.start(dir, 0, null)) {
            ProcessBuilder asked = Cli.controller(dir.resolve("serve.log"), "serve", "--config", env.config().toString(),
                    "--http-port", Integer.toString(port));
            // Camel JBang's connector only when asked for (it is off by default: application.properties)
            asked.command().add(1, "-Dsth.camel.cliConnector=true");
            Process serve = asked.start();
            Path cliStatus = Path.of(System.getProperty("user.home"), ".camel", serve.pid() + "-status.json");
            try {
                // given a serving controller, healthy
                Awaitility.await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(200))
                        .until(() -> Http.get(port, "/observe/health"), r -> r.code() == 200 && r.body().contains("\"UP\""));

                // when an attacker on this machine tries the developer consoles, e.g. to write a file
                Path target = dir.resolve("written-by-http");
                Http.Answer send = Http.get(port, "/q/dev/send?endpoint=file:" + target.getParent() + "&fileName=" + target.getFileName() + "&body=hello");

                // then it is refused (no token was configured, so nothing but the plain reads is answered) and nothing was written
                assertThat(send.code()).isEqualTo(403);
                assertThat(send.body()).contains("STH_HTTP_TOKEN");
                assertThat(Http.get(port, "/q/dev").code()).isEqualTo(403);
                assertThat(Http.get(port, "/q/dev/sth-runs").code()).isEqualTo(403);
                assertThat(Http.get(port, "/q/send/").code()).isEqualTo(403);
                assertThat(Http.get(port, "/q/jolokia/").code()).isEqualTo(403);
                assertThat(target).doesNotExist();

                // and a state-changing request is refused: no token was configured, so none is accepted
                Http.Answer replay = Http.post(port, "/api/recovery/replay", "any-token-0123456789", "{\"phase\": \"discover\", \"all\": true}");
                assertThat(replay.code()).isEqualTo(403);
                assertThat(replay.body()).contains("STH_HTTP_TOKEN");
                assertThat(Http.get(port, "/api/recovery/replay").code()).as("no GET that changes state").isEqualTo(405);

                // when a run request arrives, its run shows in the engine's own views through to completion
                AtomicFiles.write(dir.resolve("work/inbox/http-it.toml"), "hosts = [\"" + DemoEnvironment.HOST + "\"]\nbenchmarks = [\"preflight\"]\n");
                String done = Awaitility.await().atMost(Duration.ofSeconds(180)).pollInterval(Duration.ofMillis(500))
                        .until(() -> Http.get(port, "/api/runs").body(), r -> r.contains("\"state\" : \"completed\""));
                assertThat(done).contains("\"host\" : \"" + DemoEnvironment.HOST + "\"", "\"run_dir\" : \"" + dir.toAbsolutePath());
                assertThat(Http.get(port, "/").body()).contains("<table class=\"runs\"", DemoEnvironment.HOST);
                assertThat(Http.get(port, "/observe/metrics").body()).contains("sth_runs{state=\"completed\"} 1.0", "camel_exchanges_total");
                // and Camel JBang's `camel get routes` finds the controller (camel-cli-connector writes its status file)
                Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> Files.exists(cliStatus));
                assertThat(Files.readString(cliStatus)).contains("phase-execute");
            } finally {
                serve.destroy();
                serve.waitFor(60, TimeUnit.SECONDS);
            }
            // and a controller that stopped leaves nothing in the operator's home
            assertThat(cliStatus).doesNotExist();
        }
        assertThat(Files.readString(dir.resolve("serve.log"))).contains("Watching", "HTTP: http://127.0.0.1:" + port, "Accepted: ", "Finished: ");
    }

    @Test
    void aTakenPortStopsServeWithExitTwoAndDevConsolesStayOnLoopback(@TempDir Path dir) throws Exception {
        try (DemoEnvironment env = DemoEnvironment.start(dir, 0, null);
                ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            // when serve is asked for a port something else holds
            Cli.Result r = Cli.run("serve", "--config", env.config().toString(), "--http-port", Integer.toString(taken.getLocalPort()));

            // then it does not start at all
            assertThat(r.exit()).as(r.toString()).isEqualTo(2);
            assertThat(r.err()).contains("cannot serve HTTP on 127.0.0.1:" + taken.getLocalPort());

            // and the developer consoles are refused on anything but loopback
            Cli.Result wide = Cli.run("serve", "--config", env.config().toString(), "--http-port", "0", "--http-bind", "0.0.0.0", "--dev-consoles");
            assertThat(wide.exit()).isEqualTo(2);
            assertThat(wide.err()).contains("--dev-consoles", "loopback");
        }
    }
}
