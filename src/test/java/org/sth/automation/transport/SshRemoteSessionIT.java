package org.sth.automation.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sth.automation.config.HostConfig;
import org.sth.automation.demo.LoopbackSshServer;

class SshRemoteSessionIT {

    private static final String PASSWORD = "pw-" + UUID.randomUUID();

    @TempDir
    Path tmp;
    private SshFixture fx;
    private LoopbackSshServer jump;
    private LoopbackSshServer target;
    private RemoteSession session;

    @BeforeEach
    void setUp() throws IOException {
        fx = new SshFixture(tmp);
        jump = fx.passwordServer("jump", PASSWORD);
        target = fx.server("target");
        fx.trust(jump, target);
        fx.passwordRef("jump-pw", "JUMP_PW", PASSWORD);
        HostConfig host = SshFixture.host("lab1", target, "key", SshFixture.hop("jumpbox", jump, "jump-pw"));
        session = fx.transport().open(host);
    }

    @AfterEach
    void tearDown() {
        session.close();
        fx.close();
    }

    private static RemoteCommand cmd(String command) {
        return RemoteCommand.of(command, Duration.ofSeconds(30), "test/step");
    }

    private static String processesMatching(String marker) throws Exception {
        Process p = new ProcessBuilder("pgrep", "-af", marker).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor();
        return out.strip();
    }

    @Test
    void fiftyCommandsReuseOneConnectionPerHop() {
        // when
        for (int i = 0; i < 50; i++) {
            assertThat(session.exec(cmd("true")).ok()).isTrue();
        }
        // then
        assertThat(target.connectionCount()).isEqualTo(1);
        assertThat(jump.connectionCount()).isEqualTo(1);
        assertThat(fx.listener.commands).hasSize(50);
    }

    @Test
    void stdinIsWrittenThenClosedAndRedactedEverywhere() {
        // given
        String secret = "sudo-" + UUID.randomUUID();
        // when
        CommandResult r = session.exec(new RemoteCommand("cat; echo " + secret, (secret + "\n").getBytes(StandardCharsets.UTF_8),
                Duration.ofSeconds(30), "test/stdin"));
        // then
        assertThat(r.ok()).isTrue();
        assertThat(r.stdoutText()).isEqualTo(secret + "\n" + secret + "\n");
        assertThat(r.command()).isEqualTo("cat; echo " + SecretRedactor.MASK);
        assertThat(fx.listener.everything()).doesNotContain(secret);
    }

    @Test
    void commandRunsInItsOwnProcessGroup() {
        // when
        CommandResult r = session.exec(cmd("echo $$; ps -o pgid= -p $$; ps -o pgid= -p $PPID"));
        // then: the command shell leads a group that is not its parent's, and nothing else is printed
        String[] ids = r.stdoutText().strip().split("\\s+");
        assertThat(ids).hasSize(3);
        assertThat(ids[1]).isEqualTo(ids[0]);
        assertThat(ids[2]).isNotEqualTo(ids[1]);
        assertThat(r.stderrText()).isEmpty();
    }

    @Test
    void commandPastItsTimeoutIsTerminatedWithItsChildren() throws Exception {
        // given
        String marker = "sth-ceiling-" + UUID.randomUUID();
        // trap keeps the shell alive on TERM so the KILL escalation is exercised too
        String command = "trap '' TERM; (exec -a " + marker + " sleep 300) & (exec -a " + marker + " sleep 301); wait";
        // when
        CommandResult r = session.exec(new RemoteCommand(command, null, Duration.ofSeconds(2), "test/ceiling"));
        // then
        assertThat(r.outcome().id()).isEqualTo("terminated");
        assertThat(r.exitCode()).isNull();
        assertThat(r.duration()).isLessThan(Duration.ofSeconds(20));
        Awaitility.await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(processesMatching(marker)).isEmpty());
        assertThat(session.exec(cmd("echo still-usable")).stdoutText()).isEqualTo("still-usable\n");
    }

    @Test
    void signalledCommandReportsAStatus() {
        // when
        CommandResult r = session.exec(cmd("kill -KILL $$"));
        // then
        assertThat(r.outcome().id()).isEqualTo("failed");
        assertThat(r.exitCode()).isEqualTo(137);
    }

    @Test
    void droppedConnectionIsConnectionLostForPlainExec() {
        // given
        target.dropConnectionsAfterExecStarts(1);
        // when
        TransportException e = catchThrowableOfType(() -> session.exec(cmd("sleep 5; echo done")), TransportException.class);
        // then
        assertThat(e.failureClass()).isEqualTo(FailureClass.CONNECTION_LOST);
        assertThat(fx.listener.commands).last().extracting(c -> c.outcome().id()).isEqualTo("connection_lost");
        // the next command reconnects by itself
        assertThat(session.exec(cmd("echo back")).stdoutText()).isEqualTo("back\n");
        assertThat(target.connectionCount()).isEqualTo(2);
    }

    @Test
    void idempotentCommandIsRetriedAfterDrop() {
        // given
        target.dropConnectionsAfterExecStarts(1);
        // when
        CommandResult r = session.execIdempotent(cmd("sleep 2; echo done"));
        // then
        assertThat(r.ok()).isTrue();
        assertThat(r.stdoutText()).isEqualTo("done\n");
        assertThat(target.connectionCount()).isEqualTo(2);
        assertThat(fx.listener.commands).extracting(c -> c.outcome().id()).containsExactly("connection_lost", "ok");
    }

    @Test
    void uploadVerifiesThenSkipsSameDigest() throws Exception {
        // given
        Path local = tmp.resolve("bundle.bin");
        byte[] data = new byte[3 * 1024 * 1024 + 17];
        new java.util.Random(42).nextBytes(data);
        Files.write(local, data);
        Path remote = tmp.resolve("remote/deep/dir/bundle.bin");
        // when
        TransferResult first = session.upload(local, remote.toString());
        TransferResult second = session.upload(local, remote.toString());
        // then
        assertThat(first.outcome()).isEqualTo("ok");
        assertThat(first.bytes()).isEqualTo(data.length);
        assertThat(Files.readAllBytes(remote)).isEqualTo(data);
        assertThat(second.outcome()).isEqualTo("skipped_same_digest");
        assertThat(second.sha256()).isEqualTo(first.sha256()).isEqualTo(SshRemoteSession.sha256(local));
        assertThat(fx.listener.transfers).hasSize(2);
        try (var files = Files.list(remote.getParent())) {
            assertThat(files).containsExactly(remote);
        }
    }

    @Test
    void uploadReplacesADifferentRemoteCopy() throws Exception {
        // given
        Path local = tmp.resolve("a.txt");
        Files.writeString(local, "new content\n");
        Path remote = tmp.resolve("remote/a.txt");
        Files.createDirectories(remote.getParent());
        Files.writeString(remote, "old content\n");
        // when
        TransferResult r = session.upload(local, remote.toString());
        // then
        assertThat(r.outcome()).isEqualTo("ok");
        assertThat(Files.readString(remote)).isEqualTo("new content\n");
    }

    @Test
    void downloadHashesWhatItWrites() throws Exception {
        // given
        Path remote = tmp.resolve("results/out.json");
        Files.createDirectories(remote.getParent());
        byte[] data = new byte[2 * 1024 * 1024 + 5];
        new java.util.Random(7).nextBytes(data);
        Files.write(remote, data);
        Path local = tmp.resolve("collected/out.json");
        // when
        TransferResult r = session.download(remote.toString(), local);
        // then
        assertThat(r.outcome()).isEqualTo("ok");
        assertThat(Files.readAllBytes(local)).isEqualTo(data);
        assertThat(r.sha256()).isEqualTo(SshRemoteSession.sha256(remote));
        assertThat(local.resolveSibling("out.json.sth-part")).doesNotExist();
    }

    @Test
    void downloadOfMissingFileFailsWithoutPartialFile() {
        // given
        Path local = tmp.resolve("collected/none.json");
        // when
        TransportException e = catchThrowableOfType(() -> session.download(tmp.resolve("nope.json").toString(), local),
                TransportException.class);
        // then
        assertThat(e.getMessage()).contains("nope.json");
        assertThat(local).doesNotExist();
        assertThat(fx.listener.transfers).last().extracting(TransferResult::outcome).isEqualTo("failed");
    }

    @Test
    void noPasswordInAnyRecordOrMessage() {
        // given: a command that prints the jump password it never received, and a failing one
        session.exec(cmd("echo " + PASSWORD));
        TransportException e = catchThrowableOfType(
                () -> fx.transport().open(SshFixture.hostAt("x", target.port(), "jump-pw")), TransportException.class);
        // then
        assertThat(fx.listener.everything()).isNotEmpty().doesNotContain(PASSWORD);
        assertThat(fx.listener.commands.get(0).command()).isEqualTo("echo " + SecretRedactor.MASK);
        assertThat(String.valueOf(e.getMessage()) + e.getCause()).doesNotContain(PASSWORD);
    }
}
