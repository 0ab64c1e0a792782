package org.sth.automation.run;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sth.automation.io.Json;
import org.sth.automation.run.status.Phase;
import org.sth.automation.run.status.PhaseState;

/**
 * Several controllers on one work root take turns on a run: each one's store must start from what the last one wrote,
 * not from what it remembered the last time it had the run.
 */
class RunStoreTakeTurnsTest {

    @AfterEach
    void forget() {
        RunStore.forgetAll();
    }

    @Test
    void aStoreThatHadTheRunBeforeReadsWhatAnotherControllerWroteSince(@TempDir Path dir) {
        // given controller A took discover, then controller B (another process: a store of its own) took preflight
        RunStore a = RunStore.create(dir.resolve("run"), RunStoreTest.plan(dir), Duration.ofSeconds(5));
        a.phaseEntered(Phase.DISCOVER, 1, Json.object().put("controller", "1@a").put("spool", "broker"));
        a.phaseLeft(Phase.DISCOVER, PhaseState.COMPLETED, null);
        RunStore.forgetAll();
        RunStore b = RunStore.open(dir.resolve("run"));
        b.phaseEntered(Phase.PREFLIGHT, 1, Json.object().put("controller", "2@b").put("spool", "broker"));
        b.phaseLeft(Phase.PREFLIGHT, PhaseState.COMPLETED, null);

        // when A takes the run again for stage
        a.phaseEntered(Phase.STAGE, 1, Json.object().put("controller", "1@a").put("spool", "broker"));
        ObjectNode seen = a.statusSnapshot();

        // then A's status has B's phase, and status.json is what the events say
        assertThat(seen.path("phases").path("preflight").path("state").asText()).isEqualTo("completed");
        assertThat(seen.path("phase").asText()).isEqualTo("stage");
        assertThat(seen.path("controller").asText()).isEqualTo("1@a");
        assertThat(seen.path("spool").asText()).isEqualTo("broker");
        ObjectNode onDisk = Json.readObject(dir.resolve("run/status.json"));
        assertThat(onDisk.path("phases")).isEqualTo(StatusRebuilder.rebuild(new RunLayout(dir.resolve("run"))).path("phases"));
        assertThat(onDisk.path("phases").path("preflight").path("state").asText()).isEqualTo("completed");
    }
}
