package org.sth.automation.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sth.automation.io.AtomicFiles;
import org.sth.automation.io.Json;
import org.sth.automation.run.status.Outcome;
import org.sth.automation.run.status.Phase;

class RunFenceTest {

    @AfterEach
    void forget() {
        RunStore.forgetAll();
    }

    /** What another controller process does when it takes the run over: a higher epoch in the holder record. */
    private static void anotherControllerTakes(Path run, long epoch) {
        ObjectNode h = Json.object().put("schema_version", 1).put("epoch", epoch).put("controller", "2@b").put("phase", "execute")
                .put("message", "ID:b").put("running", true);
        // written as that process would: not through this process's guard
        try {
            Path tmp = Files.createTempFile(run.resolve("state"), ".holder", ".tmp");
            Files.write(tmp, Json.pretty(h));
            Files.move(tmp, run.resolve("state/holder.json"), java.nio.file.StandardCopyOption.ATOMIC_MOVE,
                    java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void aRunDirectoryRemovedUnderItsHolderIsVanishedStorageNotATakeover(@TempDir Path dir) throws Exception {
        // given this controller holds the run
        RunStore store = RunStore.create(dir.resolve("run"), RunStoreTest.plan(dir), Duration.ofSeconds(5));
        Path run = store.layout().dir();
        RunFence.take(run, "1@a", Phase.EXECUTE, "ID:a");

        // when the run directory is being removed (its holder record already gone, the folder not yet)
        Files.delete(run.resolve("state/holder.json"));

        // then a command or a write stops for the vanished directory (run_dir_vanished), never as fenced
        assertThatThrownBy(() -> RunFence.check(run)).isInstanceOf(org.sth.automation.io.StorageException.class)
                .satisfies(e -> assertThat(((org.sth.automation.io.StorageException) e).kind())
                        .isEqualTo(org.sth.automation.io.StorageException.Kind.VANISHED))
                .hasMessageContaining("run_dir_vanished");
        assertThat(RunFence.isCurrent(run)).as("not taken over").isTrue();
    }

    @Test
    void aTakeWaitsForTheLockAnotherProcessHoldsSaysSoWhileItWaitsAndTakesTheRunOnceItIsFree(@TempDir Path dir) throws Exception {
        // given the run held by another controller, which holds the run's OS lock (a POSIX record lock, as the JVM's) as a
        // controller stopped inside a write would
        RunStore store = RunStore.create(dir.resolve("run"), RunStoreTest.plan(dir), Duration.ofSeconds(5));
        Path run = store.layout().dir();
        anotherControllerTakes(run, 3);
        Path released = dir.resolve("released");
        Process holder = new ProcessBuilder("python3", "-c", "import fcntl, sys, time\n"
                + "f = open(sys.argv[1], 'a'); fcntl.lockf(f, fcntl.LOCK_EX); print('held', flush=True); time.sleep(1.5)\n"
                + "open(sys.argv[2], 'w').close()", run.resolve("state/holder.lock").toString(), released.toString())
                .redirectErrorStream(true).start();
        assertThat(new java.io.BufferedReader(new java.io.InputStreamReader(holder.getInputStream())).readLine()).isEqualTo("held");
        List<String> reports = new java.util.concurrent.CopyOnWriteArrayList<>();
        java.util.function.Consumer<String> before = RunFence.waitReport;
        Duration every = RunFence.waitReportEvery;
        RunFence.waitReport = reports::add;
        RunFence.waitReportEvery = Duration.ofMillis(300);
        try {
            // when this controller's redelivered message takes the run
            RunFence.Claim claim = RunFence.take(run, "1@a", Phase.EXECUTE, "ID:b");

            // then it waited for the other process to let go, said so meanwhile, and took the run after it
            assertThat(released).as("taken only after the other process let go").exists();
            assertThat(claim.taken()).isTrue();
            assertThat(claim.holder().epoch()).isEqualTo(4);
            assertThat(reports).isNotEmpty().first().asString().contains("for the lock of run " + run, "held by another process",
                    "names 2@b (epoch 3, phase execute, running)", "docs/scaling.md");
        } finally {
            RunFence.waitReport = before;
            RunFence.waitReportEvery = every;
            holder.destroyForcibly();
            holder.waitFor();
        }
    }

    @Test
    void aControllerWhoseRunWasTakenOverWritesNothingMoreToIt(@TempDir Path dir) throws Exception {
        // given this controller took the run for execute and writes it
        RunStore store = RunStore.create(dir.resolve("run"), RunStoreTest.plan(dir), Duration.ofSeconds(5));
        Path run = store.layout().dir();
        RunFence.Claim claim = RunFence.take(run, "1@a", Phase.EXECUTE, "ID:a");
        store.stepStarted("system-info", Phase.EXECUTE);
        assertThat(claim.taken()).isTrue();
        assertThat(JsonlLedger.read(store.layout().events()).records()).last().satisfies(e -> assertThat(e.path("epoch").asLong())
                .isEqualTo(claim.holder().epoch()));
        long events = Files.size(store.layout().events());
        String status = Files.readString(store.layout().status());

        // when another controller takes it over (this one was cut from the broker, or paused)
        anotherControllerTakes(run, claim.holder().epoch() + 1);

        // then no event, status, step manifest or ledger line of this controller reaches the run directory
        assertThatThrownBy(() -> store.heartbeat("system-info", Phase.EXECUTE, null)).isInstanceOf(FencedException.class)
                .hasMessageContaining("2@b").hasMessageContaining("epoch " + (claim.holder().epoch() + 1));
        assertThatThrownBy(() -> StepManifests.write(store.layout(), "h1-20260101T000000Z", "system-info", Phase.EXECUTE, Outcome.FAILED,
                Instant.now(), Instant.now(), 1, Json.object())).isInstanceOf(FencedException.class);
        assertThatThrownBy(() -> new JsonlLedger(store.layout().commandLedger()).append(Json.object().put("key", "k")))
                .isInstanceOf(FencedException.class);
        assertThatThrownBy(() -> RunFence.check(run)).isInstanceOf(FencedException.class);
        assertThat(Files.size(store.layout().events())).isEqualTo(events);
        assertThat(Files.readString(store.layout().status())).isEqualTo(status);
        assertThat(Files.exists(store.layout().stepManifest("system-info", Phase.EXECUTE))).isFalse();
        assertThat(RunFence.isCurrent(run)).isFalse();

        // and once it lets the run go, what it writes is not guarded any more (a verb, or a deferral's event)
        RunFence.forget(run);
        AtomicFiles.write(run.resolve("logs/after.txt"), "x");
        assertThat(RunFence.read(run).epoch()).isEqualTo(claim.holder().epoch() + 1);
    }

    @Test
    void aSecondCopyOfAMessageNeverRunsThePhaseBesideTheHolderButItsOwnMessageDeliveredAgainTakesItOver(@TempDir Path dir) {
        // given controller A runs execute from message ID:1
        RunStore store = RunStore.create(dir.resolve("run"), RunStoreTest.plan(dir), Duration.ofSeconds(5));
        Path run = store.layout().dir();
        RunFence.Claim first = RunFence.take(run, "1@a", Phase.EXECUTE, "ID:1");
        RunFence.forget(run);

        // when another copy of the message (ID:2) comes, and then ID:1 is delivered again (A died or lost the broker)
        RunFence.Claim copy = RunFence.take(run, "2@b", Phase.EXECUTE, "ID:2");
        RunFence.Claim again = RunFence.take(run, "2@b", Phase.EXECUTE, "ID:1");

        // then the copy is left to the holder; the redelivery takes the run with a higher epoch
        assertThat(first.taken()).isTrue();
        assertThat(copy.taken()).isFalse();
        assertThat(copy.holder().controller()).isEqualTo("1@a");
        assertThat(again.taken()).isTrue();
        assertThat(again.holder().epoch()).isEqualTo(first.holder().epoch() + 1);

        // and once the holder is done with the phase, the next message takes the run, whichever it is
        RunFence.release(run);
        assertThat(RunFence.read(run).running()).isFalse();
        RunFence.Claim next = RunFence.take(run, "1@a", Phase.EXECUTE, "ID:3");
        assertThat(next.taken()).isTrue();
        assertThat(next.holder().epoch()).isEqualTo(again.holder().epoch() + 1);
        RunFence.release(run);
    }

    @Test
    void aRedeliveryOfTheHoldersMessageTakesTheRunWhateverItsDeliveryCount(@TempDir Path dir) {
        // given A runs execute from delivery 3 of ID:1 (a backup broker that took over counts deliveries anew)
        RunStore store = RunStore.create(dir.resolve("run"), RunStoreTest.plan(dir), Duration.ofSeconds(5));
        Path run = store.layout().dir();
        RunFence.Claim a = RunFence.take(run, "1@a", Phase.EXECUTE, "ID:1", 3);
        RunFence.forget(run);

        // when the message comes again with a lower count (A lost the backup broker too)
        RunFence.Claim again = RunFence.take(run, "2@b", Phase.EXECUTE, "ID:1", 1);

        // then it takes the run over: dropping it would acknowledge the only copy, and the run would never finish
        assertThat(again.taken()).isTrue();
        assertThat(again.holder().epoch()).isEqualTo(a.holder().epoch() + 1);
        assertThat(RunFence.read(run).delivery()).isEqualTo(1);
        RunFence.release(run);
    }

    @Test
    void anEarlierExchangeOfThisProcessIsFencedOnceALaterDeliveryToItTookTheRun(@TempDir Path dir) {
        // given exchange A of this controller took execute (delivery 2), and after a broker failover delivery 3 came to
        // this same controller as exchange B
        RunStore store = RunStore.create(dir.resolve("run"), RunStoreTest.plan(dir), Duration.ofSeconds(5));
        Path run = store.layout().dir();
        long a = RunFence.take(run, "1@a", Phase.EXECUTE, "ID:1", 2).holder().epoch();
        long b = RunFence.take(run, "1@a", Phase.EXECUTE, "ID:1", 3).holder().epoch();

        // when A ends late (its hand-on failed on the closed session) and lets go of the run
        boolean aCurrent = RunFence.isCurrent(run, a);
        RunFence.release(run, a);
        RunFence.forget(run, a);

        // then A is fenced, and what it let go of leaves B's hold alone: B still runs the phase and writes under its epoch
        assertThat(aCurrent).isFalse();
        assertThat(RunFence.isCurrent(run, b)).isTrue();
        assertThat(RunFence.epoch(run)).hasValue(b);
        assertThat(RunFence.read(run).running()).isTrue();
        RunFence.release(run, b);
        assertThat(RunFence.read(run).running()).isFalse();
        assertThat(RunFence.epoch(run)).isEmpty();
    }

    @Test
    void aThreadStillActingUnderAnEarlierEpochOfThisProcessIsFencedWhileTheLaterOneWrites(@TempDir Path dir) throws Exception {
        // given exchange X of this controller runs execute on a pool thread under epoch 1, then delivery 2 of the same
        // message comes to this controller too and takes the run (epoch 2) on another thread
        RunStore store = RunStore.create(dir.resolve("run"), RunStoreTest.plan(dir), Duration.ofSeconds(5));
        Path run = store.layout().dir();
        long x = RunFence.take(run, "1@a", Phase.EXECUTE, "ID:1").holder().epoch();
        java.util.concurrent.ExecutorService other = java.util.concurrent.Executors.newSingleThreadExecutor();
        try {
            long y = other.submit(() -> RunFence.take(run, "1@a", Phase.EXECUTE, "ID:1").holder().epoch()).get();

            // when X (this thread) goes on writing, and a heartbeat task it started writes too
            // then X and its task are fenced, and Y writes under its own epoch
            assertThatThrownBy(() -> store.heartbeat("system-info", Phase.EXECUTE, null)).isInstanceOf(FencedException.class);
            Runnable beat = RunFence.carrying(() -> store.heartbeat("system-info", Phase.EXECUTE, null));
            assertThatThrownBy(() -> other.submit(beat).get()).hasCauseInstanceOf(FencedException.class);
            other.submit(() -> store.stepStarted("system-info", Phase.EXECUTE)).get();
            assertThat(JsonlLedger.read(store.layout().events()).records()).last()
                    .satisfies(e -> assertThat(e.path("epoch").asLong()).isEqualTo(y));
            assertThat(y).isEqualTo(x + 1);
        } finally {
            other.shutdownNow();
        }
    }

    @Test
    void withoutAMessageIdEveryTakeIsATakeover(@TempDir Path dir) {
        // given (file mode: one leader runs the phases; a new leader takes over what the last one ran)
        RunStore store = RunStore.create(dir.resolve("run"), RunStoreTest.plan(dir), Duration.ofSeconds(5));
        Path run = store.layout().dir();
        List<Long> epochs = new java.util.ArrayList<>();

        // when
        for (int i = 0; i < 3; i++) {
            RunFence.Claim c = RunFence.take(run, "leader-" + i, Phase.STAGE, null);
            assertThat(c.taken()).isTrue();
            epochs.add(c.holder().epoch());
        }
        RunFence.release(run);

        // then
        assertThat(epochs).containsExactly(1L, 2L, 3L);
        assertThat(RunFence.read(run).controller()).isEqualTo("leader-2");
    }

    /**
     * A controller paused after its command's fence check, taken over meanwhile, and resumed: the end of the command's
     * previous incarnation (its processes, by the token every incarnation shares) is checked again right before each
     * signal leaves, so it never ends the successor's incarnation (seen in the cluster campaign: exit 143 on the host).
     */
    @Test
    void aControllerTakenOverBetweenItsCheckAndItsSignalEndsNoProcessOfItsSuccessor(@TempDir Path dir) throws Exception {
        // given this controller holds the run, and its command started once before (a previous incarnation to end)
        RunStore store = RunStore.create(dir.resolve("run"), RunStoreTest.plan(dir), Duration.ofSeconds(5));
        Path run = store.layout().dir();
        RunFence.take(run, "1@a", Phase.EXECUTE, "ID:a");
        java.util.concurrent.atomic.AtomicBoolean signalled = new java.util.concurrent.atomic.AtomicBoolean();
        org.sth.automation.transport.RemoteSession host = new org.sth.automation.transport.RemoteSession() {
            @Override public String host() { return "h1"; }
            @Override public List<String> hops() { return List.of("h1"); }
            @Override public org.sth.automation.transport.CommandResult exec(org.sth.automation.transport.RemoteCommand c) {
                throw new AssertionError("no command may start: " + c.command());
            }
            @Override public int endProcesses(String token, Runnable stillMine) {
                // the pause: another controller takes the run over between the session's check and this signal
                anotherControllerTakes(run, 99);
                stillMine.run();
                signalled.set(true);
                return 1;
            }
            @Override public org.sth.automation.transport.TransferResult upload(Path local, String remotePath) { throw new AssertionError(); }
            @Override public org.sth.automation.transport.TransferResult download(String remotePath, Path local) { throw new AssertionError(); }
            @Override public boolean isOpen() { return true; }
            @Override public void close() { }
        };
        RecordingSession session = new RecordingSession(host, store.layout(), "r1", List.of());
        String key = "nap/execute/run";
        AtomicFiles.write(store.layout().savedOutput(key, "started"), "{}\n");

        // when it goes on with the command
        assertThatThrownBy(() -> session.execOnce(key, org.sth.automation.transport.RemoteCommand.of("sleep 30", Duration.ofSeconds(60), "nap/execute")))
                .isInstanceOf(FencedException.class);

        // then no signal left for the host, and nothing started
        assertThat(signalled).isFalse();
    }
}
