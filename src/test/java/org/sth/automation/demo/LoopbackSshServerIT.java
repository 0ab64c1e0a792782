package org.sth.automation.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.UUID;
import org.apache.sshd.client.SshClient;
import org.apache.sshd.client.channel.ChannelExec;
import org.apache.sshd.client.channel.ClientChannelEvent;
import org.apache.sshd.client.session.ClientSession;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LoopbackSshServerIT {

    @TempDir
    Path tmp;
    private KeyMaterial key;
    private LoopbackSshServer server;
    private SshClient client;

    @BeforeEach
    void setUp() {
        key = KeyMaterial.generate(tmp.resolve("id_ecdsa"), "it");
        server = LoopbackSshServer.start(LoopbackSshServer.Options.keys(tmp.resolve("state"), key.publicKey())
                .withHome(tmp.resolve("home")));
        client = SshClient.setUpDefaultClient();
        client.setServerKeyVerifier((s, addr, k) -> KeyUtils.compareKeys(k, server.hostKey()));
        client.start();
    }

    @AfterEach
    void tearDown() {
        client.stop();
        server.stop();
    }

    private ClientSession login() throws Exception {
        ClientSession s = client.connect(System.getProperty("user.name"), "127.0.0.1", server.port())
                .verify(Duration.ofSeconds(10)).getClientSession();
        s.addPublicKeyIdentity(key.keyPair());
        s.auth().verify(Duration.ofSeconds(10));
        return s;
    }

    private static String pgrep(String marker) throws Exception {
        Process p = new ProcessBuilder("pgrep", "-af", marker).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor();
        return out.strip();
    }

    @Test
    void writesOpenSshKeyFilesAndKnownHostsLine() throws Exception {
        // then
        assertThat(Files.readString(key.privateKeyFile())).startsWith("-----BEGIN OPENSSH PRIVATE KEY-----");
        assertThat(Files.readString(tmp.resolve("id_ecdsa.pub"))).startsWith("ecdsa-sha2-nistp256 AAAA");
        assertThat(server.knownHostsLine("lab")).startsWith("[lab]:" + server.port() + " ecdsa-sha2-nistp256 AAAA");
        assertThat(server.hostKeyFingerprint()).startsWith("SHA256:");
    }

    @Test
    void execRunsARealProcessWithStdinAndExitStatus() throws Exception {
        // given
        try (ClientSession s = login(); ChannelExec ch = s.createExecChannel("tr a-z A-Z; exit 7")) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ch.setOut(out);
            ch.open().verify(Duration.ofSeconds(10));
            // when
            ch.getInvertedIn().write("hello".getBytes(StandardCharsets.UTF_8));
            ch.getInvertedIn().close();
            ch.waitFor(EnumSet.of(ClientChannelEvent.CLOSED), Duration.ofSeconds(10));
            // then
            assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo("HELLO");
            assertThat(ch.getExitStatus()).isEqualTo(7);
        }
    }

    @Test
    void closingTheChannelKillsTheProcessTree() throws Exception {
        // given
        String marker = "sth-orphan-" + UUID.randomUUID();
        try (ClientSession s = login()) {
            ChannelExec ch = s.createExecChannel("exec /bin/bash -c '(exec -a " + marker + " sleep 300) & wait'");
            ch.open().verify(Duration.ofSeconds(10));
            Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> !pgrep(marker).isEmpty());
            // when
            ch.close(false).await(Duration.ofSeconds(10));
        }
        // then
        Awaitility.await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(pgrep(marker)).isEmpty());
    }

    @Test
    void stoppingTheServerLetsTheEnginesRunnerRemoveItsPrivateDirectory() throws Exception {
        // given the engine's per-host runner started over a channel, its private directory in a folder of this test's
        Path scratch = Files.createDirectories(tmp.resolve("scratch"));
        String script;
        try (var in = getClass().getResourceAsStream("/org/sth/automation/transport/runner.sh")) {
            script = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        ClientSession s = login();
        ChannelExec ch = s.createExecChannel("export TMPDIR=" + scratch + "; exec /bin/sh -c '" + script.replace("'", "'\\''") + "' sth-runner");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ch.setOut(out);
        ch.open().verify(Duration.ofSeconds(10));
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> out.toString(StandardCharsets.UTF_8).startsWith("H 1 "));
        try (var listing = Files.list(scratch)) {
            assertThat(listing.toList()).hasSize(1);
        }

        // when the server stops under it (a demo host's end: its threads are interrupted)
        server.stop();

        // then the runner ended the way it ends on a hang-up: its directory is gone, not left behind in the host's /tmp
        Awaitility.await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            try (var listing = Files.list(scratch)) {
                assertThat(listing.toList()).isEmpty();
            }
        });
    }

    @Test
    void countsConnections() throws Exception {
        // when
        try (ClientSession a = login(); ClientSession b = login()) {
            // then
            assertThat(server.connectionCount()).isEqualTo(2);
        }
    }
}
