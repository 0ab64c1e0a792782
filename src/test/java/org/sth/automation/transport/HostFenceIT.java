package org.sth.automation.transport;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sth.automation.demo.LoopbackSshServer;
import org.sth.automation.io.Json;
import org.sth.automation.run.FencedException;
import org.sth.automation.run.JsonlLedger;
import org.sth.automation.run.RecordingSession;
import org.sth.automation.run.RunFence;
import org.sth.automation.run.RunPlan;
import org.sth.automation.run.RunStore;
import org.sth.automation.run.status.Phase;

/**
 * The gap the fence's controller-side check leaves: a controller paused between its check and the send of a command,
 * whose run another controller took over and ran the command of meanwhile. The host, over a real SSH server, refuses the
 * late command: the command runs once, under the successor's epoch, and the late controller writes nothing.
 */
class HostFenceIT {

    @TempDir
    Path tmp;
    private final ExecutorService a = Executors.newSingleThreadExecutor();
    private final ExecutorService b = Executors.newSingleThreadExecutor();
    private SshFixture fx;

    @AfterEach
    void tearDown() {
        a.shutdownNow();
        b.shutdownNow();
        if (fx != null) {
            fx.close();
        }
        RunStore.forgetAll();
    }

    @Test
    void aCommandSentAfterItsControllerLostTheRunIsRefusedByTheHostAndRunsOnce() throws Exception {
        // given a host over SSH and a run whose private scratch is on it
        fx = new SshFixture(tmp);
        LoopbackSshServer target = fx.server("target");
        fx.trust(target);
        RunStore store = RunStore.create(tmp.resolve("run"), new RunPlan("h1-20260101T000000Z", "req", "h1", List.of("nap"),
                tmp.resolve("c.toml").toString(), tmp.resolve("work").toString(), Instant.parse("2026-01-01T00:00:00Z")), Duration.ofSeconds(5));
        Path run = store.layout().dir();
        Path scratch = Files.createDirectories(tmp.resolve("host-tmp/sth-bench-automation.Ab12Cd34Ef"));
        Json.writeAtomically(store.layout().remoteScratch(), Json.object().put("path", scratch.toString()).put("host", "h1")
                .put("created_at", Instant.now().toString()));
        Path effect = scratch.resolve("ran.log");
        String key = "nap/execute/run";
        RemoteCommand command = RemoteCommand.of("echo \"$STH_CMD_ID\" >> '" + effect + "'", Duration.ofSeconds(30), "nap/execute");

        // and controller A, which took the run and whose command is held in the instant between its check and the send
        CountDownLatch paused = new CountDownLatch(1);
        CountDownLatch resume = new CountDownLatch(1);
        RemoteSession hostOfA = new Pausing(fx.transport().open(SshFixture.host("h1", target, "key")), paused, resume);
        Future<CommandResult> late = a.submit(() -> {
            RunFence.take(run, "1@a", Phase.EXECUTE, "ID:m");
            return new RecordingSession(hostOfA, store.layout(), "h1-20260101T000000Z", List.of()).execOnce(key, command);
        });
        assertThat(paused.await(30, TimeUnit.SECONDS)).isTrue();

        // when controller B takes the run over (the message delivered again) and runs the command, then A goes on
        RemoteSession hostOfB = fx.transport().open(SshFixture.host("h1", target, "key"));
        CommandResult ran = b.submit(() -> {
            assertThat(RunFence.take(run, "2@b", Phase.EXECUTE, "ID:m").holder().epoch()).isEqualTo(2);
            return new RecordingSession(hostOfB, store.layout(), "h1-20260101T000000Z", List.of()).execOnce(key, command);
        }).get(60, TimeUnit.SECONDS);
        resume.countDown();

        // then A is fenced: by the host, which had seen epoch 2 (A's own check had passed)
        assertThat(ran.ok()).as(ran.stderrText()).isTrue();
        ExecutionException fenced = org.assertj.core.api.Assertions.catchThrowableOfType(() -> late.get(60, TimeUnit.SECONDS),
                ExecutionException.class);
        assertThat(fenced).isNotNull();
        assertThat(fenced.getCause()).isInstanceOf(FencedException.class).hasMessageContaining("2@b");
        // and the command ran once on the host, as B's incarnation; the ledger has B's line only
        String base = RecordingSession.tokenFor("h1-20260101T000000Z", key);
        assertThat(Files.readAllLines(effect)).containsExactly(base + "-e2");
        assertThat(JsonlLedger.read(store.layout().commandLedger()).records()).filteredOn(l -> key.equals(l.path("key").asText(null)))
                .singleElement().satisfies(l -> assertThat(l.path("epoch").asLong()).isEqualTo(2));
        hostOfA.close();
        hostOfB.close();
    }

    /** A host whose first token-carrying command is held (the controller's pause) until {@code resume}. */
    private static final class Pausing implements RemoteSession {
        private final RemoteSession real;
        private final CountDownLatch paused;
        private final CountDownLatch resume;

        Pausing(RemoteSession real, CountDownLatch paused, CountDownLatch resume) {
            this.real = real;
            this.paused = paused;
            this.resume = resume;
        }

        @Override
        public CommandResult exec(RemoteCommand command) {
            if (command.token() != null && paused.getCount() > 0) {
                paused.countDown();
                try {
                    resume.await(60, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            return real.exec(command);
        }

        @Override
        public int endProcesses(String token, Runnable stillMine) {
            return real.endProcesses(token, stillMine);
        }

        @Override
        public String host() {
            return real.host();
        }

        @Override
        public List<String> hops() {
            return real.hops();
        }

        @Override
        public TransferResult upload(Path local, String remotePath) {
            return real.upload(local, remotePath);
        }

        @Override
        public TransferResult download(String remotePath, Path local) {
            return real.download(remotePath, local);
        }

        @Override
        public boolean isOpen() {
            return real.isOpen();
        }

        @Override
        public void close() {
            real.close();
        }
    }
}
