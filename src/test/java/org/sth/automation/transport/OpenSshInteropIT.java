package org.sth.automation.transport;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sth.automation.OpenSshd;
import org.sth.automation.config.HostConfig;
import org.sth.automation.config.TransportConfig;

/**
 * Against a real OpenSSH sshd (started here as a child process, skipped when not installed): unlike
 * the loopback server it does not kill a command when its channel closes, so the process-group
 * ceiling must do it, and its sftp-server caps message sizes.
 */
class OpenSshInteropIT {

    @TempDir
    Path tmp;
    private SshFixture fx;
    private OpenSshd sshd;
    private int port;

    @BeforeEach
    void startSshd() throws Exception {
        fx = new SshFixture(tmp);
        sshd = OpenSshd.start(tmp.resolve("sshd"), fx.key.authorizedKeyLine(), tmp.resolve("home"));
        port = sshd.port();
        Files.writeString(fx.knownHosts, sshd.knownHostsLine() + "\n");
    }

    @AfterEach
    void stopSshd() {
        if (fx != null) {
            fx.close();
        }
        if (sshd != null) {
            sshd.close();
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
            assertThat(r.outcome().id()).isEqualTo("terminated");
            assertThat(r.exitCode()).isNull();
            assertThat(after.exitCode()).isEqualTo(5);
            assertThat(after.outcome().id()).isEqualTo("failed");
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
            assertThat(killed.outcome().id()).isEqualTo("failed");
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
