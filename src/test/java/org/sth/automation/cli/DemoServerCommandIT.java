package org.sth.automation.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sth.automation.Cli;
import org.sth.automation.config.AutomationConfig;
import org.sth.automation.config.ConfigLoader;
import org.sth.automation.demo.DemoEnvironment;

/** {@code demo-server} as a real process: the host answers SSH while it runs, and SIGTERM or a closed stdin stop it. */
class DemoServerCommandIT {

    private Process process;

    @AfterEach
    void stop() throws InterruptedException {
        if (process != null && process.isAlive()) {
            process.destroyForcibly().waitFor(20, TimeUnit.SECONDS);
        }
    }

    @Test
    void servesAReachableDemoHostUntilSigterm(@TempDir Path dir) throws Exception {
        // given
        List<String> lines = start(dir, "demo-server", "--dir", dir.resolve("demo").toString());
        Path config = awaitConfig(lines);
        int port = port(config);

        // when
        Cli.Result validate = Cli.run("validate", "--config", config.toString(), "--scope", "connectivity");

        // then the written config reaches the running server
        assertThat(validate.exit()).as(validate.toString()).isZero();
        assertThat(config).isEqualTo(dir.resolve("demo/demo.toml").toAbsolutePath().normalize());
        assertThat(lines).contains("Host: " + DemoEnvironment.HOST);

        // when SIGTERM
        process.destroy();

        // then it exits promptly and the port no longer answers
        assertThat(process.waitFor(20, TimeUnit.SECONDS)).as("exited within 20 s of SIGTERM").isTrue();
        assertThat(accepts(port)).as("port %d still accepts connections", port).isFalse();
    }

    @Test
    void stopsCleanlyWhenStdinClosesIfAskedTo(@TempDir Path dir) throws Exception {
        // given
        List<String> lines = start(dir, "demo-server", "--dir", dir.resolve("demo").toString(), "--stop-on-stdin-close");
        int port = port(awaitConfig(lines));
        assertThat(accepts(port)).isTrue();

        // when
        process.getOutputStream().close();

        // then
        assertThat(process.waitFor(20, TimeUnit.SECONDS)).as("exited within 20 s of stdin closing").isTrue();
        assertThat(process.exitValue()).as(String.join("\n", lines)).isZero();
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(lines).contains("Demo SSH server stopped."));
        assertThat(accepts(port)).isFalse();
    }

    private List<String> start(Path dir, String... args) throws IOException {
        List<String> cmd = new java.util.ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        cmd.addAll(org.sth.automation.Cli.packagedLauncher());
        cmd.addAll(List.of(args));
        process = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).start();
        List<String> lines = new CopyOnWriteArrayList<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String l = r.readLine(); l != null; l = r.readLine()) {
                    lines.add(l);
                }
            } catch (IOException e) {
                lines.add("reader: " + e);
            }
        }, "demo-server-output");
        reader.setDaemon(true);
        reader.start();
        return lines;
    }

    private Path awaitConfig(List<String> lines) {
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100))
                .until(() -> lines.stream().anyMatch(l -> l.startsWith("Config: ")) || !process.isAlive());
        return Path.of(lines.stream().filter(l -> l.startsWith("Config: ")).findFirst()
                .orElseThrow(() -> new AssertionError("no Config: line; output:\n" + String.join("\n", lines)))
                .substring("Config: ".length()));
    }

    private static int port(Path config) {
        AutomationConfig cfg = ConfigLoader.load(config);
        return cfg.hosts().stream().filter(h -> h.name().equals(DemoEnvironment.HOST)).findFirst().orElseThrow().port();
    }

    private static boolean accepts(int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 2000);
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
