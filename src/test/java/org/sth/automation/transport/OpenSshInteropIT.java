package org.sth.automation.transport;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.UUID;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sth.automation.config.HostConfig;
import org.sth.automation.config.TransportConfig;
import org.sth.automation.demo.KeyMaterial;

/**
 * Against a real OpenSSH sshd (started here as a child process, skipped when not installed): unlike
 * the loopback server it does not kill a command when its channel closes, so the process-group
 * ceiling must do it, and its sftp-server caps message sizes.
 */
class OpenSshInteropIT {

    private static final Path SSHD = Path.of("/usr/sbin/sshd");

    @TempDir
    Path tmp;
    private SshFixture fx;
    private Process sshd;
    private int port;

    @BeforeEach
    void startSshd() throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(SSHD), "OpenSSH sshd not installed");
        boolean root = "root".equals(SshFixture.USER);
        Assumptions.assumeTrue(!root || Files.isDirectory(Path.of("/run/sshd")), "sshd privilege separation dir missing");
        fx = new SshFixture(tmp);
        KeyMaterial hostKey = KeyMaterial.generate(tmp.resolve("sshd/host_key"), "host");
        Path authorized = tmp.resolve("sshd/authorized_keys");
        Files.writeString(authorized, fx.key.authorizedKeyLine() + "\n");
        Files.setPosixFilePermissions(authorized, PosixFilePermissions.fromString("rw-------"));
        Path home = Files.createDirectories(tmp.resolve("home"));
        port = SshFixture.freePort();
        Path config = tmp.resolve("sshd/sshd_config");
        Files.writeString(config, String.join("\n",
                "Port " + port, "ListenAddress 127.0.0.1", "HostKey " + hostKey.privateKeyFile(),
                "AuthorizedKeysFile " + authorized, "PasswordAuthentication no", "KbdInteractiveAuthentication no",
                "PermitRootLogin " + (root ? "yes" : "no"), "StrictModes no", "UsePAM no",
                "PidFile " + tmp.resolve("sshd/pid"), "Subsystem sftp internal-sftp", "AllowTcpForwarding yes",
                // keep the developer's own login profile out of the timings
                "SetEnv HOME=" + home, "") );
        sshd = new ProcessBuilder(SSHD.toString(), "-D", "-e", "-f", config.toString())
                .redirectErrorStream(true).redirectOutput(tmp.resolve("sshd/log").toFile()).start();
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> accepts(port));
        Files.writeString(fx.knownHosts, "[127.0.0.1]:" + port + " " + hostKey.authorizedKeyLine() + "\n");
    }

    private static boolean accepts(int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 200);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    @AfterEach
    void stopSshd() {
        if (fx != null) {
            fx.close();
        }
        if (sshd != null) {
            sshd.destroy();
        }
    }

    private HostConfig host() {
        return new HostConfig("ossh", "127.0.0.1", port, SshFixture.USER, "ossh", List.of(), "key",
                TransportConfig.direct(), SshFixture.FAST_RETRY);
    }

    private static String pgrep(String marker) throws Exception {
        Process p = new ProcessBuilder("pgrep", "-af", marker).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor();
        return out.strip();
    }

    @Test
    void ceilingKillsTheWholeGroupOnOpenSsh() throws Exception {
        // given
        String marker = "sth-ossh-" + UUID.randomUUID();
        try (RemoteSession s = fx.transport().open(host())) {
            // when
            CommandResult r = s.exec(new RemoteCommand("trap '' TERM; (exec -a " + marker + " sleep 300) & wait",
                    null, Duration.ofSeconds(2), "test/ceiling"));
            CommandResult after = s.exec(RemoteCommand.of("echo $HOME; exit 5", Duration.ofSeconds(30), "test/after"));
            // then
            assertThat(r.outcome()).isEqualTo("terminated");
            assertThat(r.exitCode()).isNull();
            assertThat(after.exitCode()).isEqualTo(5);
            assertThat(after.outcome()).isEqualTo("failed");
        }
        Awaitility.await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(pgrep(marker)).isEmpty());
    }

    @Test
    void commandsLeadTheirSessionGroupAndSignalledOnesReport128PlusSignal() throws Exception {
        try (RemoteSession s = fx.transport().open(host())) {
            // when
            CommandResult ids = s.exec(RemoteCommand.of("echo $$; ps -o pgid= -p $$", Duration.ofSeconds(30), "test/ids"));
            CommandResult killed = s.exec(RemoteCommand.of("kill -KILL $$", Duration.ofSeconds(30), "test/kill"));
            // then sshd's session leader is the command shell itself, and nothing but the command's output arrives
            String[] lines = ids.stdoutText().strip().split("\\s+");
            assertThat(lines[1]).isEqualTo(lines[0]);
            assertThat(ids.stderrText()).isEmpty();
            assertThat(killed.exitCode()).isEqualTo(137);
            assertThat(killed.outcome()).isEqualTo("failed");
        }
    }

    @Test
    void transfersVerifyDigestsOnOpenSsh() throws Exception {
        // given
        Path local = tmp.resolve("bundle.bin");
        byte[] data = new byte[8 * 1024 * 1024 + 3];
        new Random(3).nextBytes(data);
        Files.write(local, data);
        String remote = tmp.resolve("remote/x/bundle.bin").toString();
        try (RemoteSession s = fx.transport().open(host())) {
            // when
            TransferResult up = s.upload(local, remote);
            TransferResult again = s.upload(local, remote);
            TransferResult down = s.download(remote, tmp.resolve("back.bin"));
            // then
            assertThat(up.outcome()).isEqualTo("ok");
            assertThat(again.outcome()).isEqualTo("skipped_same_digest");
            assertThat(down.sha256()).isEqualTo(up.sha256()).isEqualTo(SshRemoteSession.sha256(local));
            assertThat(Files.readAllBytes(tmp.resolve("back.bin"))).isEqualTo(data);
        }
    }
}
