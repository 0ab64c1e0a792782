package org.sth.automation.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.PublicKey;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.sshd.common.config.keys.PublicKeyEntry;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sth.automation.OpenSshd;
import org.sth.automation.config.Hop;
import org.sth.automation.config.HostConfig;
import org.sth.automation.config.TransportConfig;
import org.sth.automation.demo.LoopbackSshServer;

/**
 * Hosts and hops whose TOML names no {@code auth_ref}, user, port or transport connect as {@code ssh <name>} would:
 * ssh-agent, then the default keys of a temporary HOME ({@code ssh-keygen} keys), {@code ~/.ssh/config} through
 * MINA's HostConfigEntry ({@code HostName}, {@code User}, {@code Port}, {@code IdentityFile}, {@code ProxyJump}),
 * against a real OpenSSH sshd and the in-process MINA server. The developer's own {@code ~/.ssh} is never read.
 */
class OpenSshDefaultsIT {

    @TempDir
    Path tmp;

    private SshFixture fx;
    private Path home;
    private OpenSshd sshd;
    private Process agent;

    @BeforeEach
    void temporaryHome() throws Exception {
        Assumptions.assumeTrue(new File("/usr/bin/ssh-keygen").canExecute(), "needs OpenSSH's ssh-keygen");
        fx = new SshFixture(tmp.resolve("fx"));
        home = Files.createDirectories(tmp.resolve("home"));
        Files.createDirectories(home.resolve(".ssh"));
    }

    @AfterEach
    void stop() {
        if (agent != null) {
            agent.destroyForcibly();
        }
        if (sshd != null) {
            sshd.close();
        }
        if (fx != null) {
            fx.close();
        }
    }

    private SshTransport transport() {
        return fx.transport().withOpenSshHome(home, SshFixture.USER);
    }

    /** An unencrypted OpenSSH key written by ssh-keygen; returns its public key line. */
    private static String keygen(Path file, String type) throws Exception {
        Files.createDirectories(file.getParent());
        Process p = new ProcessBuilder("/usr/bin/ssh-keygen", "-q", "-t", type, "-N", "", "-C", "openssh-defaults-it", "-f", file.toString())
                .redirectErrorStream(true).start();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).isZero();
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        return Files.readString(Path.of(file + ".pub")).strip();
    }

    private static PublicKey publicKey(String line) throws Exception {
        return PublicKeyEntry.parsePublicKeyEntry(line).resolvePublicKey(null, null, null);
    }

    private OpenSshd openSshd(String authorizedKeyLine) throws Exception {
        sshd = OpenSshd.start(tmp.resolve("sshd"), authorizedKeyLine, tmp.resolve("sshd-home"));
        Files.writeString(fx.knownHosts, sshd.knownHostsLine() + "\n", java.nio.file.StandardOpenOption.CREATE,
                java.nio.file.StandardOpenOption.APPEND);
        return sshd;
    }

    private static String whoami(RemoteSession s) {
        return s.exec(RemoteCommand.of("id -un", Duration.ofSeconds(30), "test/whoami")).stdoutText().strip();
    }

    @Test
    void aHostWithoutAuthRefOrUserLogsInWithTheDefaultKeyAsTheLocalUser() throws Exception {
        // given only ~/.ssh/id_ed25519 in HOME, and OpenSSH's sshd accepting it for the local user
        String pub = keygen(home.resolve(".ssh/id_ed25519"), "ed25519");
        int port = openSshd(pub).port();
        HostConfig host = new HostConfig("ossh", "127.0.0.1", port, null, null, List.of(), null, TransportConfig.direct(),
                SshFixture.FAST_RETRY);

        // when
        String user;
        try (RemoteSession s = transport().open(host)) {
            user = whoami(s);
        }

        // then
        assertThat(user).isEqualTo(OpenSshd.USER);
    }

    @Test
    void sshConfigFillsWhatTheTomlLeavesOpenIncludingProxyJumpAndIdentityFile() throws Exception {
        // given a jump host "jumpy" accepting the default key, and the target "lab-target" (OpenSSH) accepting only a
        // key that ~/.ssh/config names as its IdentityFile; the TOML names nothing but the host
        String defaultPub = keygen(home.resolve(".ssh/id_ecdsa"), "ecdsa");
        String targetPub = keygen(tmp.resolve("keys/lab_target"), "ed25519");
        LoopbackSshServer jumpy = LoopbackSshServer.start(LoopbackSshServer.Options.keys(tmp.resolve("servers/jumpy"),
                publicKey(defaultPub)));
        fx.servers.add(jumpy);
        fx.trust(jumpy);
        int targetPort = openSshd(targetPub).port();
        Files.writeString(home.resolve(".ssh/config"), String.join("\n",
                "# as an operator of the original tool keeps it",
                "Host lab-target",
                "    HostName 127.0.0.1",
                "    Port " + targetPort,
                "    User " + OpenSshd.USER,
                "    IdentityFile " + tmp.resolve("keys/lab_target"),
                "    ProxyJump jumpy",
                "",
                "Host jumpy",
                "    HostName 127.0.0.1",
                "    Port " + jumpy.port(),
                "    User jumper",
                ""));
        HostConfig host = new HostConfig("lab-target", null, 0, null, null, List.of(), null, TransportConfig.unspecified(),
                SshFixture.FAST_RETRY);
        SshTransport transport = transport();

        // when
        List<Hop> chain = transport.chainOf(host);
        String user;
        try (RemoteSession s = transport.open(host)) {
            user = whoami(s);
        }

        // then
        assertThat(chain).extracting(Hop::name, Hop::address).containsExactly(
                org.assertj.core.groups.Tuple.tuple("jumpy", "jumper@127.0.0.1:" + jumpy.port()),
                org.assertj.core.groups.Tuple.tuple("lab-target", OpenSshd.USER + "@127.0.0.1:" + targetPort));
        assertThat(user).isEqualTo(OpenSshd.USER);
        assertThat(fx.listener.hopChains).last().isEqualTo(List.of("jumpy", "lab-target"));
        assertThat(jumpy.connectionCount()).isEqualTo(1);
    }

    @Test
    void whatTheTomlSetsWinsOverSshConfig() throws Exception {
        // given ~/.ssh/config pointing the alias at a closed port and another user
        String pub = keygen(home.resolve(".ssh/id_rsa"), "rsa");
        int port = openSshd(pub).port();
        Files.writeString(home.resolve(".ssh/config"), "Host ossh\n  HostName 127.0.0.9\n  Port 1\n  User nobody\n");
        HostConfig host = new HostConfig("ossh", "127.0.0.1", port, OpenSshd.USER, null, List.of(), null, TransportConfig.direct(),
                SshFixture.FAST_RETRY);

        // when
        String user;
        try (RemoteSession s = transport().open(host)) {
            user = whoami(s);
        }

        // then
        assertThat(user).isEqualTo(OpenSshd.USER);
    }

    @Test
    void theAgentsKeyIsOfferedWhenSshAuthSockIsSet() throws Exception {
        // given a key that exists only in a real ssh-agent, and no key file in HOME
        Assumptions.assumeTrue(new File("/usr/bin/ssh-agent").canExecute() && new File("/usr/bin/ssh-add").canExecute(),
                "needs OpenSSH's ssh-agent and ssh-add");
        Path keyFile = tmp.resolve("agent-only/id");
        String pub = keygen(keyFile, "ed25519");
        Path socket = tmp.resolve("agent.sock");
        agent = new ProcessBuilder("/usr/bin/ssh-agent", "-D", "-a", socket.toString())
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectErrorStream(true).start();
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> Files.exists(socket));
        ProcessBuilder add = new ProcessBuilder("/usr/bin/ssh-add", keyFile.toString()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD);
        add.environment().put("SSH_AUTH_SOCK", socket.toString());
        Process p = add.start();
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).isZero();
        Files.delete(keyFile);
        fx.env.put(SshTransport.AGENT_SOCKET_ENV, socket.toString());
        int port = openSshd(pub).port();
        HostConfig host = new HostConfig("ossh", "127.0.0.1", port, null, null, List.of(), null, TransportConfig.direct(),
                SshFixture.FAST_RETRY);

        // when
        String user;
        try (RemoteSession s = transport().open(host)) {
            user = whoami(s);
        }

        // then
        assertThat(user).isEqualTo(OpenSshd.USER);
    }

    @Test
    void nothingToOfferFailsBeforeDiallingAndSaysWhatToDo() throws Exception {
        // given no agent and an empty ~/.ssh
        LoopbackSshServer target = fx.server("target");
        fx.trust(target);
        HostConfig host = new HostConfig("t1", "127.0.0.1", target.port(), null, null, List.of(), null, TransportConfig.direct(),
                SshFixture.FAST_RETRY);

        // when
        TransportException e = catchThrowableOfType(() -> transport().open(host), TransportException.class);

        // then
        assertThat(e.failureClass()).isEqualTo(FailureClass.MISSING_KEY_FILE);
        assertThat(e.hop()).isEqualTo("t1");
        assertThat(e.getMessage()).contains("SSH_AUTH_SOCK", "id_ed25519", "ssh-add", "auth_ref");
        assertThat(target.connectionCount()).isZero();
    }

    @Test
    void anUnreadableSshConfigIsItsOwnFailureNamingTheFile() throws Exception {
        // given
        Files.writeString(home.resolve(".ssh/config"), "Host broken\nHostName\n");
        HostConfig host = new HostConfig("broken", null, 0, null, null, List.of(), null, TransportConfig.unspecified(),
                SshFixture.FAST_RETRY);

        // when
        TransportException e = catchThrowableOfType(() -> transport().open(host), TransportException.class);

        // then
        assertThat(e.failureClass()).isEqualTo(FailureClass.SSH_CONFIG);
        assertThat(e.getMessage()).contains(home.resolve(".ssh/config").toString(), "line 2");
        assertThat(e.retryable()).isFalse();
        // and validate --scope connectivity reports it on the host, not as an unreached hop
        assertThat(new ConnectivityProbe(transport()).probe(host)).singleElement()
                .satisfies(r -> assertThat(r.status()).isEqualTo("ssh_config"));
    }
}
