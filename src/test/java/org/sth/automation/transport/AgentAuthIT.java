package org.sth.automation.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sth.automation.config.AuthRef;
import org.sth.automation.demo.LoopbackSshServer;

/**
 * {@code auth_ref} type {@code agent} against OpenSSH's real {@code ssh-agent}: the key lives only in the
 * agent, the transport signs through {@code SSH_AUTH_SOCK}, directly and behind a password jump host.
 */
class AgentAuthIT {

    private static final String PASSWORD = "jump-Pa55-" + System.nanoTime();

    @TempDir
    Path tmp;

    private SshFixture fx;
    private Process agent;
    private Path socket;

    @BeforeEach
    void agentWithTheKey() throws Exception {
        Assumptions.assumeTrue(new File("/usr/bin/ssh-agent").canExecute() && new File("/usr/bin/ssh-add").canExecute(),
                "needs OpenSSH's ssh-agent and ssh-add (openssh-client)");
        fx = new SshFixture(tmp);
        socket = tmp.resolve("agent.sock");
        agent = new ProcessBuilder("/usr/bin/ssh-agent", "-D", "-a", socket.toString())
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectErrorStream(true).start();
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> Files.exists(socket));
        assertThat(sshAdd(fx.key.privateKeyFile().toString())).isZero();
        fx.authRefs.put("agent", new AuthRef("agent", AuthRef.Type.AGENT, null));
        fx.env.put(SshTransport.AGENT_SOCKET_ENV, socket.toString());
    }

    @AfterEach
    void stop() {
        if (agent != null) {
            agent.destroyForcibly();
        }
        if (fx != null) {
            fx.close();
        }
    }

    private int sshAdd(String... args) throws Exception {
        String[] cmd = new String[args.length + 1];
        cmd[0] = "/usr/bin/ssh-add";
        System.arraycopy(args, 0, cmd, 1, args.length);
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectErrorStream(true);
        pb.environment().put("SSH_AUTH_SOCK", socket.toString());
        Process p = pb.start();
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        return p.exitValue();
    }

    @Test
    void theAgentsKeyOpensADirectHostAndATargetBehindAPasswordJump() throws Exception {
        // given a target that accepts the agent's key, and a password-only jump host in front of a second one
        LoopbackSshServer direct = fx.server("direct");
        LoopbackSshServer jump = fx.passwordServer("jump", PASSWORD);
        LoopbackSshServer behind = fx.server("behind");
        fx.trust(direct, jump, behind);
        fx.passwordRef("jump_pw", "STH_TEST_AGENT_JUMP_PW", PASSWORD);
        SshTransport transport = fx.transport();

        // when
        String viaDirect;
        try (RemoteSession s = transport.open(SshFixture.host("direct", direct, "agent"))) {
            viaDirect = s.exec(RemoteCommand.of("echo agent-ok", Duration.ofSeconds(30), "test/agent")).stdoutText();
        }
        String viaJump;
        try (RemoteSession s = transport.open(SshFixture.host("behind", behind, "agent", SshFixture.hop("jump", jump, "jump_pw")))) {
            viaJump = s.exec(RemoteCommand.of("echo behind-ok", Duration.ofSeconds(30), "test/agent")).stdoutText();
        }

        // then
        assertThat(viaDirect).isEqualTo("agent-ok\n");
        assertThat(viaJump).isEqualTo("behind-ok\n");
    }

    @Test
    void anAgentWithoutTheKeyIsAuthFailedOnThatHop() throws Exception {
        // given the agent emptied
        assertThat(sshAdd("-D")).isZero();
        LoopbackSshServer target = fx.server("target");
        fx.trust(target);

        // when
        TransportException e = catchThrowableOfType(() -> fx.transport().open(SshFixture.host("t1", target, "agent")),
                TransportException.class);

        // then
        assertThat(e.failureClass()).isEqualTo(FailureClass.AUTH_FAILED);
        assertThat(e.hop()).isEqualTo("t1");
    }

    @Test
    void noAgentSocketInTheEnvironmentIsAMissingSecretEnvNamingIt() throws Exception {
        // given
        fx.env.remove(SshTransport.AGENT_SOCKET_ENV);
        LoopbackSshServer target = fx.server("target");
        fx.trust(target);

        // when
        TransportException e = catchThrowableOfType(() -> fx.transport().open(SshFixture.host("t1", target, "agent")),
                TransportException.class);

        // then nothing was even dialled
        assertThat(e.failureClass()).isEqualTo(FailureClass.MISSING_SECRET_ENV);
        assertThat(e.getMessage()).contains("SSH_AUTH_SOCK", "ssh-agent");
        assertThat(target.connectionCount()).isZero();
    }
}
