package org.sth.automation.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sth.automation.demo.DemoEnvironment;
import org.sth.automation.demo.LoopbackSshServer;

/** A password used by a run never reaches the run directory, the work folders or the controller's output. */
class SecretsIT {

    @Test
    void passwordFromEnvNeverAppearsInAnyFileOrOutput(@TempDir Path dir) throws Exception {
        String password = "pw-" + UUID.randomUUID();
        String user = System.getProperty("user.name");
        try (DemoEnvironment env = DemoEnvironment.start(dir, 0, null);
                LoopbackSshServer pwServer = LoopbackSshServer.start(LoopbackSshServer.Options.keys(dir.resolve("pw-state"))
                        .withPassword(user, password))) {
            // given a host that logs in with a password taken from the environment
            Files.writeString(dir.resolve("known_hosts"), pwServer.knownHostsLine("127.0.0.1") + "\n", java.nio.file.StandardOpenOption.APPEND);
            Files.writeString(env.config(), Files.readString(env.config()) + """

                    [auth_refs.pw]
                    type = "password_env"
                    value = "STH_TEST_SECRET_PASSWORD"

                    [[hosts]]
                    name = "pw-host"
                    hostname = "127.0.0.1"
                    port = %d
                    username = "%s"
                    auth_ref = "pw"
                    """.formatted(pwServer.port(), user));

            // when a full run happens in its own JVM with the secret in its environment
            ProcessBuilder pb = org.sth.automation.Cli.controller(dir.resolve("controller.log"), "run",
                    "--config", env.config().toString(), "--host", "pw-host", "--benchmarks", "system-info");
            pb.environment().put("STH_TEST_SECRET_PASSWORD", password);
            Process p = pb.start();
            assertThat(p.waitFor(5, TimeUnit.MINUTES)).isTrue();

            // then it completed, and no file anywhere under the demo dir holds the password
            String log = Files.readString(dir.resolve("controller.log"));
            assertThat(p.exitValue()).as(log).isZero();
            byte[] needle = password.getBytes(StandardCharsets.UTF_8);
            long scanned;
            try (Stream<Path> files = Files.walk(dir)) {
                scanned = files.filter(Files::isRegularFile).peek(f -> assertThat(contains(read(f), needle)).as(f.toString()).isFalse()).count();
            }
            assertThat(scanned).isGreaterThan(40);
            assertThat(dir.resolve("automation-runs")).isDirectory();
        }
    }

    private static byte[] read(Path f) {
        try {
            return Files.readAllBytes(f);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static boolean contains(byte[] hay, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= hay.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (hay[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }
}
