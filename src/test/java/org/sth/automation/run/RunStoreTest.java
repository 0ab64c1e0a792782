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
import org.sth.automation.io.CorruptFileException;
import org.sth.automation.io.Json;
import org.sth.automation.run.status.Outcome;
import org.sth.automation.run.status.Phase;
import org.sth.automation.run.status.PhaseState;

class RunStoreTest {

    @AfterEach
    void forget() {
        RunStore.forgetAll();
    }

    static RunPlan plan(Path dir) {
        return new RunPlan("h1-20260101T000000Z", "req", "h1", List.of("system-info"), dir.resolve("c.toml").toString(),
                dir.resolve("work").toString(), Instant.parse("2026-01-01T00:00:00Z"));
    }

    @Test
    void createWritesEveryFileOfTheLayout(@TempDir Path dir) {
        // when
        RunStore store = RunStore.create(dir.resolve("run"), plan(dir), Duration.ofSeconds(5));

        // then
        RunLayout l = store.layout();
        for (Path p : List.of(l.runManifest(), l.status(), l.events(), l.commandLedger(), l.transferLedger(),
                l.artifactManifest(), l.publishLedger(), l.recoverySummary(), l.hostInventory(), l.plan())) {
            assertThat(p).exists();
        }
        assertThat(Json.readObject(l.status()).path("state").asText()).isEqualTo("queued");
    }

    @Test
    void corruptStatusIsRebuiltFromPlanAndEventsOnFirstTouch(@TempDir Path dir) throws Exception {
        // given a run that entered and left discover, then a status.json cut in half
        RunStore store = RunStore.create(dir.resolve("run"), plan(dir), Duration.ofSeconds(5));
        store.phaseEntered(Phase.DISCOVER, 1);
        store.stepFinished("host", Phase.DISCOVER, Outcome.COMPLETED, null);
        store.phaseLeft(Phase.DISCOVER, PhaseState.COMPLETED, null);
        Path status = store.layout().status();
        String text = Files.readString(status);
        Files.writeString(status, text.substring(0, text.length() / 2));
        RunStore.forgetAll();

        // when
        ObjectNode rebuilt = RunStore.open(dir.resolve("run")).statusSnapshot();

        // then
        assertThat(rebuilt.path("rebuilt_from_events").asBoolean()).isTrue();
        assertThat(rebuilt.path("phases").path("discover").path("state").asText()).isEqualTo("completed");
        assertThat(rebuilt.path("steps").path("host").path("discover").asText()).isEqualTo("completed");
    }

    @Test
    void missingFilesOfAnOlderRunDirectoryAreBackfilled(@TempDir Path dir) throws Exception {
        RunStore store = RunStore.create(dir.resolve("run"), plan(dir), Duration.ofSeconds(5));
        Files.delete(store.layout().transferLedger());
        Files.delete(store.layout().publishLedger());
        RunStore.forgetAll();

        RunStore.open(dir.resolve("run"));

        assertThat(store.layout().transferLedger()).exists();
        assertThat(Json.readObject(store.layout().publishLedger()).has("schema_version")).isTrue();
    }

    @Test
    void aDirectoryThatIsNoRunIsRefusedByName(@TempDir Path dir) {
        assertThatThrownBy(() -> RunStore.open(dir)).isInstanceOf(CorruptFileException.class)
                .hasMessageContaining("not a run directory");
    }

    @Test
    void finishingFinalizeSetsTheFinalStateFromStepOutcomes(@TempDir Path dir) {
        RunStore store = RunStore.create(dir.resolve("run"), plan(dir), Duration.ofSeconds(5));
        store.phaseEntered(Phase.EXECUTE, 1);
        store.stepFinished("system-info", Phase.EXECUTE, Outcome.TERMINATED, null);
        store.phaseLeft(Phase.EXECUTE, PhaseState.COMPLETED, null);
        store.phaseEntered(Phase.FINALIZE, 1);
        store.phaseLeft(Phase.FINALIZE, PhaseState.COMPLETED, null);

        ObjectNode s = store.statusSnapshot();
        assertThat(s.path("state").asText()).isEqualTo("completed_with_failures");
        assertThat(s.path("alerts").path("failed_steps").get(0).path("outcome").asText()).isEqualTo("terminated");
        assertThat(store.layout().recoverySummary()).content().contains("| system-info | execute | terminated |");
    }

    @Test
    void aStepEndingAfterTheRunWasInterruptedStaysInterruptedUnlessItCompleted(@TempDir Path dir) {
        // given a step running when the operator's signal marks the run interrupted
        RunStore store = RunStore.create(dir.resolve("run"), plan(dir), Duration.ofSeconds(5));
        store.phaseEntered(Phase.EXECUTE, 1);
        store.stepStarted("system-info", Phase.EXECUTE);
        store.stepStarted("latency", Phase.EXECUTE);
        store.interrupted("operator stopped the controller (signal)");

        // when the dying controller ends the step's command, and another step had really completed
        store.stepFinished("latency", Phase.EXECUTE, Outcome.FAILED, null);

        // then
        assertThat(store.statusSnapshot().path("steps").path("latency").path("execute").asText()).isEqualTo("interrupted");
        assertThat(store.isInterrupted()).isTrue();
        store.stepFinished("latency", Phase.EXECUTE, Outcome.COMPLETED, null);
        assertThat(store.statusSnapshot().path("steps").path("latency").path("execute").asText()).isEqualTo("completed");
    }

    @Test
    void aLongLivedProcessKeepsOnlyTheNewestFinishedRunsInMemory(@TempDir Path dir) {
        // given more finished runs than a serve process keeps
        int runs = RunStore.KEEP_FINISHED + 3;
        List<RunStore> stores = new java.util.ArrayList<>();
        for (int i = 0; i < runs; i++) {
            RunPlan p = new RunPlan("h-" + i, "r", "h", List.of("system-info"), dir.resolve("c.toml").toString(),
                    dir.resolve("work").toString(), Instant.now());
            RunStore s = RunStore.create(dir.resolve("run-" + i), p, Duration.ofSeconds(5));
            s.phaseEntered(Phase.FINALIZE, 1);
            s.phaseLeft(Phase.FINALIZE, PhaseState.COMPLETED, null);
            stores.add(s);
        }
        RunStore running = RunStore.create(dir.resolve("run-live"), plan(dir), Duration.ofSeconds(5));

        // then the three earliest finished are dropped, the newest and the running one are kept
        assertThat(RunStore.openStores()).hasSize(RunStore.KEEP_FINISHED + 1).contains(running, stores.get(runs - 1))
                .doesNotContain(stores.get(0), stores.get(1), stores.get(2));
        // and a dropped run opened again is read back from its directory
        RunStore again = RunStore.open(dir.resolve("run-0"));
        assertThat(again).isNotSameAs(stores.get(0));
        assertThat(again.statusSnapshot().path("state").asText()).isEqualTo("completed");
    }
}
