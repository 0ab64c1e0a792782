package org.sth.automation.engine.resume;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sth.automation.engine.PhaseMessage;
import org.sth.automation.engine.WorkDirs;
import org.sth.automation.engine.recovery.RecoveryQueue;
import org.sth.automation.io.Json;
import org.sth.automation.run.RunPlan;
import org.sth.automation.run.RunStore;
import org.sth.automation.run.status.Outcome;
import org.sth.automation.run.status.Phase;
import org.sth.automation.run.status.PhaseState;

class ResumePlannerTest {

    @AfterEach
    void forget() {
        RunStore.forgetAll();
    }

    private static RunStore run(Path dir) {
        RunPlan plan = new RunPlan("h1-1", "r", "h1", List.of("system-info"), dir.resolve("c.toml").toString(),
                dir.resolve("work").toString(), Instant.now());
        return RunStore.create(dir.resolve("run"), plan, Duration.ofSeconds(5));
    }

    private static void complete(RunStore store, Phase... phases) {
        for (Phase p : phases) {
            store.phaseEntered(p, 1);
            store.phaseLeft(p, PhaseState.COMPLETED, null);
        }
    }

    @Test
    void aRunKilledMidPhaseIsInterruptedAndItsWaitingMessageIsReused(@TempDir Path dir) throws Exception {
        // given a run killed in execute, its message still in the spool
        RunStore store = run(dir);
        complete(store, Phase.DISCOVER, Phase.PREFLIGHT, Phase.STAGE);
        store.phaseEntered(Phase.EXECUTE, 1);
        WorkDirs dirs = new WorkDirs(dir.resolve("work"));
        Path waiting = dirs.enqueue(new PhaseMessage("h1-1", store.layout().dir(), "h1", Phase.EXECUTE, 1, Instant.now()));

        // when
        ResumePlanner.Requeued r = ResumePlanner.requeue(store).orElseThrow();

        // then nothing new is queued and the interruption is on record
        assertThat(r.phase()).isEqualTo(Phase.EXECUTE);
        assertThat(r.message()).isEqualTo(waiting);
        assertThat(Files.readString(store.layout().events().toAbsolutePath(), java.nio.charset.StandardCharsets.UTF_8))
                .contains("run_interrupted", "run_resumed");
    }

    @Test
    void aParkedRecoveryMessageIsReplayed(@TempDir Path dir) throws Exception {
        RunStore store = run(dir);
        WorkDirs dirs = new WorkDirs(dir.resolve("work"));
        PhaseMessage m = new PhaseMessage("h1-1", store.layout().dir(), "h1", Phase.DISCOVER, 1, Instant.now());
        Path parked = new RecoveryQueue(dirs).store(Phase.DISCOVER, m.fileName(), m.toJsonText().getBytes(), new RuntimeException("x"),
                new RecoveryQueue.Failure("h1-1", "h1", null, null, 1, 2, 0));

        ResumePlanner.Requeued r = ResumePlanner.requeue(store).orElseThrow();

        assertThat(r.phase()).isEqualTo(Phase.DISCOVER);
        assertThat(parked).doesNotExist();
        assertThat(RecoveryQueue.sidecar(parked)).doesNotExist();
        assertThat(dirs.spool(Phase.DISCOVER).resolve(m.fileName())).exists();
    }

    @Test
    void theEarliestFailedStepDecidesWhereAFinishedRunRestarts(@TempDir Path dir) {
        RunStore store = run(dir);
        complete(store, Phase.values());
        store.stepFinished("system-info", Phase.STAGE, Outcome.COMPLETED, null);
        store.stepFinished("system-info", Phase.EXECUTE, Outcome.BLOCKED, null);
        store.stepFinished("system-info", Phase.COLLECT, Outcome.BLOCKED, null);

        ResumePlanner.Requeued r = ResumePlanner.requeue(store).orElseThrow();

        assertThat(r.phase()).isEqualTo(Phase.EXECUTE);
        assertThat(Json.readObject(r.message()).path("phase").asText()).isEqualTo("execute");
    }

    @Test
    void aCompletedRunHasNothingToResume(@TempDir Path dir) {
        RunStore store = run(dir);
        complete(store, Phase.values());
        store.stepFinished("system-info", Phase.EXECUTE, Outcome.COMPLETED, null);

        assertThat(ResumePlanner.requeue(store)).isEmpty();
        ObjectNode s = store.statusSnapshot();
        assertThat(s.path("state").asText()).isEqualTo("completed");
    }

    @Test
    void benchmarksBlockedByPreflightAreReCheckedFromPreflightUnderOneNewProbeKey(@TempDir Path dir) throws Exception {
        // given a finished run whose system-info preflight found a required tool missing
        RunStore store = run(dir);
        complete(store, Phase.values());
        ObjectNode readiness = Json.object();
        readiness.putObject("system-info").put("status", "missing_runtime_dependencies").put("install_command", "sudo apt-get install -y hwloc-nox");
        org.sth.automation.run.StepManifests.write(store.layout(), "h1-1", "preflight", Phase.PREFLIGHT, Outcome.COMPLETED, Instant.now(),
                Instant.now(), 1, (ObjectNode) Json.object().set("readiness", readiness));
        store.stepFinished("system-info", Phase.STAGE, Outcome.BLOCKED, null);
        store.stepFinished("system-info", Phase.EXECUTE, Outcome.BLOCKED, null);

        // when resume plans, and plans again (as after a crash before the message was consumed)
        ResumePlanner.Requeued first = ResumePlanner.requeue(store).orElseThrow();
        String key = Files.readString(store.layout().readinessRecheck()).strip();
        Files.delete(first.message());
        ResumePlanner.Requeued second = ResumePlanner.requeue(store).orElseThrow();

        // then it restarts at preflight with a re-check marker whose probe key does not change
        assertThat(first.phase()).isEqualTo(Phase.PREFLIGHT);
        assertThat(second.phase()).isEqualTo(Phase.PREFLIGHT);
        assertThat(key).startsWith("preflight/probe/recheck-");
        assertThat(Files.readString(store.layout().readinessRecheck()).strip()).isEqualTo(key);
        assertThat(Files.readString(store.layout().events(), java.nio.charset.StandardCharsets.UTF_8))
                .contains("re-queued at preflight to re-check readiness of system-info (blocked by preflight)");
    }
}
