package org.sth.automation.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
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
 * {@code serve --http-port}: an operator reads the runs through Camel's HTTP dev console ({@code /q/dev/sth-runs})
 * and the health check, from outside the controller's JVM.
 */
class ServeHttpIT {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private static String get(int port, String path) {
        try {
            HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                    .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
            return r.statusCode() + " " + r.body();
        } catch (Exception e) {
            return "unreachable " + e;
        }
    }

    @Test
    void theRunsConsoleAndTheHealthCheckAnswerOverHttp(@TempDir Path dir) throws Exception {
        int port = OpenSshd.freePort();
        try (DemoEnvironment env = DemoEnvironment.start(dir, 0, null)) {
            Process serve = Cli.controller(dir.resolve("serve.log"), "serve", "--config", env.config().toString(),
                    "--http-port", Integer.toString(port)).start();
            try {
                // given a serving controller, healthy
                Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                        .until(() -> get(port, "/observe/health"), r -> r.startsWith("200 ") && r.contains("\"UP\""));

                // when a run request arrives in the inbox
                Path inbox = dir.resolve("work/inbox");
                AtomicFiles.write(inbox.resolve("http-it.toml"), "hosts = [\"" + DemoEnvironment.HOST + "\"]\nbenchmarks = [\"system-info\"]\n");

                // then the sth-runs console shows it, through to completion, with its run directory
                String done = Awaitility.await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(500))
                        .until(() -> get(port, "/q/dev/sth-runs"), r -> r.contains("state=completed"));
                assertThat(done).startsWith("200 ").contains(DemoEnvironment.HOST + "-", "phase=finalize", "run_dir=" + dir.toAbsolutePath());
                assertThat(get(port, "/q/dev")).contains("sth-runs");
            } finally {
                serve.destroy();
                serve.waitFor(30, TimeUnit.SECONDS);
            }
        }
        assertThat(Files.readString(dir.resolve("serve.log"))).contains("Watching");
    }
}
