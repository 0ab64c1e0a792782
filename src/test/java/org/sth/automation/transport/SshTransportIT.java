package org.sth.automation.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sth.automation.config.HostConfig;
import org.sth.automation.config.SshSettings;
import org.sth.automation.demo.LoopbackSshServer;

class SshTransportIT {

    private static final String PASSWORD = "s3cr3t-Pa55-word-" + System.nanoTime();

    @TempDir
    Path tmp;
    private SshFixture fx;

    @BeforeEach
    void setUp() {
        fx = new SshFixture(tmp);
    }

    @AfterEach
    void tearDown() {
        fx.close();
    }

    private static CommandResult run(RemoteSession s, String cmd) {
        return s.exec(RemoteCommand.of(cmd, Duration.ofSeconds(30), "test"));
    }

    @Test
    void directWithKeyAuthRunsCommand() throws Exception {
        // given
        LoopbackSshServer target = fx.server("target");
        fx.trust(target);
        // when
        try (RemoteSession s = fx.transport().open(SshFixture.host("t1", target, "key"))) {
            CommandResult r = run(s, "echo hello; echo oops >&2; exit 3");
            // then
            assertThat(r.stdoutText()).isEqualTo("hello\n");
            assertThat(r.stderrText()).isEqualTo("oops\n");
            assertThat(r.exitCode()).isEqualTo(3);
            assertThat(r.outcome().id()).isEqualTo("failed");
            assertThat(s.hops()).containsExactly("t1");
        }
    }

    @Test
    void directWithPasswordAuthRunsCommand() throws Exception {
        // given
        LoopbackSshServer target = fx.passwordServer("target", PASSWORD);
        fx.trust(target);
        fx.passwordRef("pw", "TARGET_PW", PASSWORD);
        // when
        try (RemoteSession s = fx.transport().open(SshFixture.host("t1", target, "pw"))) {
            CommandResult r = run(s, "echo ok");
            // then
            assertThat(r.ok()).isTrue();
            assertThat(r.stdoutText()).isEqualTo("ok\n");
        }
        assertThat(fx.listener.everything()).doesNotContain(PASSWORD);
    }

    @Test
    void oneJumpHopChainReachesTarget() throws Exception {
        // given
        LoopbackSshServer jump = fx.passwordServer("jump", PASSWORD);
        LoopbackSshServer target = fx.server("target");
        fx.trust(jump, target);
        fx.passwordRef("jump-pw", "JUMP_PW", PASSWORD);
        HostConfig host = SshFixture.host("t1", target, "key", SshFixture.hop("jump1", jump, "jump-pw"));
        // when
        try (RemoteSession s = fx.transport().open(host)) {
            CommandResult r = run(s, "echo via-jump");
            // then
            assertThat(r.stdoutText()).isEqualTo("via-jump\n");
            assertThat(s.hops()).containsExactly("jump1", "t1");
            assertThat(jump.connectionCount()).isEqualTo(1);
            assertThat(target.connectionCount()).isEqualTo(1);
            assertThat(fx.listener.hopChains).last().isEqualTo(java.util.List.of("jump1", "t1"));
        }
    }

    @Test
    void targetsBehindOneJumpShareOneJumpSessionAndSurviveItsLoss() throws Exception {
        // given four targets behind one password jump host
        LoopbackSshServer jump = fx.passwordServer("jump", PASSWORD);
        java.util.List<LoopbackSshServer> targets = new java.util.ArrayList<>();
        for (int i = 1; i <= 4; i++) {
            targets.add(fx.server("t" + i));
        }
        fx.trust(jump);
        fx.trust(targets.toArray(LoopbackSshServer[]::new));
        fx.passwordRef("jump-pw", "JUMP_PW", PASSWORD);
        org.sth.automation.config.Hop viaJump = SshFixture.hop("jump1", jump, "jump-pw");
        SshTransport transport = fx.transport();
        java.util.List<RemoteSession> sessions = new java.util.ArrayList<>();
        try {
            // when all four are opened and used at once
            java.util.List<java.util.concurrent.CompletableFuture<CommandResult>> runs = new java.util.ArrayList<>();
            for (int i = 0; i < 4; i++) {
                RemoteSession s = transport.open(SshFixture.host("t" + (i + 1), targets.get(i), "key", viaJump));
                sessions.add(s);
                runs.add(java.util.concurrent.CompletableFuture.supplyAsync(() -> run(s, "echo up")));
            }
            runs.forEach(f -> assertThat(f.join().stdoutText()).isEqualTo("up\n"));

            // then the jump host saw one connection, authenticated once, for all four targets
            assertThat(jump.connectionCount()).isEqualTo(1);
            assertThat(transport.jumpSessionsOpened()).isEqualTo(1);
            targets.forEach(t -> assertThat(t.connectionCount()).isEqualTo(1));

            // when the jump's session is lost under them
            jump.dropAllConnections();
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> sessions.stream().noneMatch(RemoteSession::isOpen));

            // then the next command of every target reconnects through ONE new jump session
            for (RemoteSession s : sessions) {
                assertThat(run(s, "echo again").stdoutText()).isEqualTo("again\n");
            }
            assertThat(transport.jumpSessionsOpened()).isEqualTo(2);
            assertThat(jump.connectionCount()).isEqualTo(2);
        } finally {
            sessions.forEach(RemoteSession::close);
        }
    }

    @Test
    void twoJumpHopChainReachesTargetAndStopsWhenJumpDies() throws Exception {
        // given
        LoopbackSshServer jump1 = fx.server("jump1");
        LoopbackSshServer jump2 = fx.server("jump2");
        LoopbackSshServer target = fx.server("target");
        fx.trust(jump1, jump2, target);
        HostConfig host = SshFixture.host("t2", target, "key",
                SshFixture.hop("j1", jump1, "key"), SshFixture.hop("j2", jump2, "key"));
        // when
        RemoteSession s = fx.transport().open(host);
        CommandResult r = run(s, "echo two-hops");
        // then
        assertThat(r.stdoutText()).isEqualTo("two-hops\n");
        assertThat(s.hops()).containsExactly("j1", "j2", "t2");
        assertThat(jump1.connectionCount()).isEqualTo(1);
        assertThat(jump2.connectionCount()).isEqualTo(1);
        assertThat(target.connectionCount()).isEqualTo(1);
        // and the target really sits behind the jump: without j1, the chain is gone
        jump1.stop();
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> !s.isOpen());
        s.close();
    }

    @Test
    void hostKeyMismatchNamesHopAndBothFingerprints() throws Exception {
        // given: known_hosts holds another server's key for the jump's address
        LoopbackSshServer jump = fx.server("jump");
        LoopbackSshServer target = fx.server("target");
        LoopbackSshServer impostor = fx.server("impostor");
        Files.writeString(fx.knownHosts, "[127.0.0.1]:" + jump.port() + " "
                + impostor.knownHostsLine("x").split(" ", 2)[1] + "\n" + target.knownHostsLine("127.0.0.1") + "\n");
        HostConfig host = SshFixture.host("t1", target, "key", SshFixture.hop("jumpbox", jump, "key"));
        // when
        TransportException e = catchThrowableOfType(() -> fx.transport(SshSettings.HostKeyPolicy.ACCEPT_NEW).open(host),
                TransportException.class);
        // then
        assertThat(e.failureClass()).isEqualTo(FailureClass.HOST_KEY_MISMATCH);
        assertThat(e.hop()).isEqualTo("jumpbox");
        assertThat(e.getMessage()).contains("jumpbox", jump.hostKeyFingerprint(), impostor.hostKeyFingerprint());
        assertThat(jump.hostKeyFingerprint()).startsWith("SHA256:").isNotEqualTo(impostor.hostKeyFingerprint());
    }

    @Test
    void unknownHostKeyIsRejectedWhenStrict() throws Exception {
        // given
        LoopbackSshServer target = fx.server("target");
        // when
        TransportException e = catchThrowableOfType(() -> fx.transport(SshSettings.HostKeyPolicy.STRICT)
                .open(SshFixture.host("t1", target, "key")), TransportException.class);
        // then
        assertThat(e.failureClass()).isEqualTo(FailureClass.HOST_KEY_UNKNOWN);
        assertThat(e.getMessage()).contains(target.hostKeyFingerprint());
        assertThat(fx.knownHosts).doesNotExist();
    }

    @Test
    void unknownHostKeyIsAppendedWithAcceptNewOnEveryHop() throws Exception {
        // given
        LoopbackSshServer jump = fx.server("jump");
        LoopbackSshServer target = fx.server("target");
        HostConfig host = SshFixture.host("t1", target, "key", SshFixture.hop("j", jump, "key"));
        // when
        try (RemoteSession s = fx.transport(SshSettings.HostKeyPolicy.ACCEPT_NEW).open(host)) {
            assertThat(run(s, "true").ok()).isTrue();
        }
        // then: both lines present, and a strict transport now accepts them
        assertThat(Files.readAllLines(fx.knownHosts))
                .containsExactlyInAnyOrder(jump.knownHostsLine("127.0.0.1"), target.knownHostsLine("127.0.0.1"));
        try (RemoteSession s = fx.transport(SshSettings.HostKeyPolicy.STRICT).open(host)) {
            assertThat(run(s, "true").ok()).isTrue();
        }
    }

    @Test
    void hostKeySurvivesServerRestart() throws Exception {
        // given
        LoopbackSshServer first = fx.server("target");
        String fingerprint = first.hostKeyFingerprint();
        int port = first.port();
        first.stop();
        // when
        LoopbackSshServer again = LoopbackSshServer.start(
                LoopbackSshServer.Options.keys(tmp.resolve("servers/target"), fx.key.publicKey()).withPort(port));
        fx.servers.add(again);
        // then
        assertThat(again.hostKeyFingerprint()).isEqualTo(fingerprint);
        assertThat(again.port()).isEqualTo(port);
    }

    @Test
    void wrongPasswordOnJumpNamesTheJump() throws Exception {
        // given
        LoopbackSshServer jump = fx.passwordServer("jump", PASSWORD);
        LoopbackSshServer target = fx.passwordServer("target", PASSWORD);
        fx.trust(jump, target);
        fx.passwordRef("bad", "BAD_PW", "wrong-" + PASSWORD);
        fx.passwordRef("good", "GOOD_PW", PASSWORD);
        HostConfig host = SshFixture.host("t1", target, "good", SshFixture.hop("jumpbox", jump, "bad"));
        // when
        TransportException e = catchThrowableOfType(() -> fx.transport().open(host), TransportException.class);
        // then
        assertThat(e.failureClass()).isEqualTo(FailureClass.AUTH_FAILED);
        assertThat(e.hop()).isEqualTo("jumpbox");
        assertThat(e.getMessage()).contains("jumpbox", "BAD_PW").doesNotContain(PASSWORD);
        assertThat(target.connectionCount()).isZero();
    }

    @Test
    void wrongPasswordOnTargetNamesTheTarget() throws Exception {
        // given
        LoopbackSshServer jump = fx.passwordServer("jump", PASSWORD);
        LoopbackSshServer target = fx.passwordServer("target", PASSWORD);
        fx.trust(jump, target);
        fx.passwordRef("bad", "BAD_PW", "wrong-" + PASSWORD);
        fx.passwordRef("good", "GOOD_PW", PASSWORD);
        HostConfig host = SshFixture.host("t1", target, "bad", SshFixture.hop("jumpbox", jump, "good"));
        // when
        TransportException e = catchThrowableOfType(() -> fx.transport().open(host), TransportException.class);
        // then
        assertThat(e.failureClass()).isEqualTo(FailureClass.AUTH_FAILED);
        assertThat(e.hop()).isEqualTo("t1");
        assertThat(e.retryable()).isFalse();
        assertThat(e.getMessage()).doesNotContain(PASSWORD);
        assertThat(jump.connectionCount()).isEqualTo(1);
    }

    @Test
    void refusedAuthIsAuthFailed() throws Exception {
        // given
        LoopbackSshServer target = fx.server("target");
        fx.trust(target);
        target.refuseAuth();
        // when
        TransportException e = catchThrowableOfType(() -> fx.transport().open(SshFixture.host("t1", target, "key")),
                TransportException.class);
        // then
        assertThat(e.failureClass()).isEqualTo(FailureClass.AUTH_FAILED);
    }

    @Test
    void refusedPortIsConnectionRefusedAfterRetries() throws Exception {
        // given
        int port = SshFixture.freePort();
        // when
        TransportException e = catchThrowableOfType(() -> fx.transport().open(SshFixture.hostAt("t1", port, "key")),
                TransportException.class);
        // then
        assertThat(e.failureClass()).isEqualTo(FailureClass.CONNECTION_REFUSED);
        assertThat(e.getMessage()).contains(String.valueOf(port));
    }

    @Test
    void jumpThatCannotReachNextHopIsChannelOpenFailed() throws Exception {
        // given
        LoopbackSshServer jump = fx.server("jump");
        fx.trust(jump);
        int closedPort = SshFixture.freePort();
        HostConfig host = SshFixture.hostAt("t1", closedPort, "key");
        HostConfig viaJump = new HostConfig(host.name(), host.hostname(), host.port(), host.username(), host.displayName(),
                host.tags(), host.authRef(), new org.sth.automation.config.TransportConfig(
                        org.sth.automation.config.TransportConfig.Type.JUMP_CHAIN, java.util.List.of(SshFixture.hop("jumpbox", jump, "key"))),
                SshFixture.FAST_RETRY);
        // when
        TransportException e = catchThrowableOfType(() -> fx.transport().open(viaJump), TransportException.class);
        // then
        assertThat(e.failureClass()).isEqualTo(FailureClass.CHANNEL_OPEN_FAILED);
        assertThat(e.hop()).isEqualTo("t1");
    }

    @Test
    void missingSecretEnvFailsFastNamingTheVariable() throws Exception {
        // given
        LoopbackSshServer target = fx.passwordServer("target", PASSWORD);
        fx.trust(target);
        fx.passwordRef("pw", "STH_NOT_SET_PASSWORD", null);
        // when
        TransportException e = catchThrowableOfType(() -> fx.transport().open(SshFixture.host("t1", target, "pw")),
                TransportException.class);
        // then
        assertThat(e.failureClass()).isEqualTo(FailureClass.MISSING_SECRET_ENV);
        assertThat(e.getMessage()).contains("STH_NOT_SET_PASSWORD");
        assertThat(target.connectionCount()).isZero();
    }

    @Test
    void missingKeyFileIsReported() throws Exception {
        // given
        LoopbackSshServer target = fx.server("target");
        fx.trust(target);
        fx.authRefs.put("nokey", new org.sth.automation.config.AuthRef("nokey",
                org.sth.automation.config.AuthRef.Type.KEY_FILE, tmp.resolve("absent_key").toString()));
        // when
        TransportException e = catchThrowableOfType(() -> fx.transport().open(SshFixture.host("t1", target, "nokey")),
                TransportException.class);
        // then
        assertThat(e.failureClass()).isEqualTo(FailureClass.MISSING_KEY_FILE);
        assertThat(e.getMessage()).contains("absent_key");
    }

    @Test
    void unresolvableFirstHopIsDns() {
        // given
        HostConfig host = new HostConfig("ghost", "no-such-host.invalid", 22, SshFixture.USER, "ghost", java.util.List.of(),
                "key", org.sth.automation.config.TransportConfig.direct(), SshFixture.FAST_RETRY);
        // when
        TransportException e = catchThrowableOfType(() -> fx.transport().open(host), TransportException.class);
        // then
        assertThat(e.failureClass()).isEqualTo(FailureClass.DNS);
        assertThat(e.getMessage()).contains("no-such-host.invalid");
    }
}
