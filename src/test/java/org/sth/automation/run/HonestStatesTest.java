package org.sth.automation.run;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sth.automation.io.Json;
import org.sth.automation.run.status.Phase;
import org.sth.automation.run.status.PhaseState;
import org.sth.automation.run.status.StatusMachine;

/**
 * What an operator saw and what the status now says: a run waiting is queued (with what it waits for), never stalled;
 * a phase whose phase_left was lost is closed by the next phase_entered; a re-entered phase has its real attempt;
 * recommended commands start with a launcher that works from any directory.
 */
class HonestStatesTest {

    @AfterEach
    void forget() {
        RunStore.forgetAll();
    }

    @Test
    void aRunQueuedBehindAnotherRunInTheNextSpoolIsQueuedNotStalled(@TempDir Path dir) {
        // given a run whose discover completed 35 s ago (heartbeat interval 5 s) and whose message waits in spool/preflight
        RunStore store = RunStore.create(dir.resolve("run"), RunStoreTest.plan(dir), Duration.ofSeconds(5));
        store.phaseEntered(Phase.DISCOVER, 1);
        store.phaseLeft(Phase.DISCOVER, PhaseState.COMPLETED, null);
        ObjectNode s = store.statusSnapshot();

        // when
        StatusDerivation.apply(s, store.layout(), Instant.now().plusSeconds(35));

        // then
        assertThat(s.path("state").asText()).isEqualTo("running");
        assertThat(s.path("monitoring").path("state").asText()).isEqualTo("queued");
        assertThat(s.path("monitoring").path("waiting_for").asText()).startsWith("spool/preflight");
        assertThat(s.path("alerts").path("stalled_phases")).isEmpty();
        assertThat(s.path("alerts").path("primary").isNull()).isTrue();
    }

    @Test
    void aRunWaitingForItsHostIsQueuedWithWhatItWaitsFor(@TempDir Path dir) {
        // given a run that entered discover and then had to wait for its host (another run holds it)
        RunStore store = RunStore.create(dir.resolve("run"), RunStoreTest.plan(dir), Duration.ofSeconds(5));
        store.phaseEntered(Phase.DISCOVER, 1);
        store.appendEvent(StatusMachine.Event.RUN_WAITING.id(), Json.object().put("reason", "host busy").put("behind_run", "h1-0"));
        ObjectNode s = store.statusSnapshot();

        // when
        StatusDerivation.apply(s, store.layout(), Instant.now().plusSeconds(600));

        // then
        assertThat(s.path("monitoring").path("state").asText()).isEqualTo("queued");
        assertThat(s.path("monitoring").path("waiting_for").asText()).contains("held by run h1-0", "host busy");
        assertThat(s.path("monitoring").path("summary").asText()).startsWith("queued: waiting for its host");
    }

    @Test
    void aNewRunIsQueuedForDiscover(@TempDir Path dir) {
        // given
        RunStore store = RunStore.create(dir.resolve("run"), RunStoreTest.plan(dir), Duration.ofSeconds(5));
        ObjectNode s = store.statusSnapshot();

        // when
        StatusDerivation.apply(s, store.layout(), Instant.now().plusSeconds(3600));

        // then
        assertThat(s.path("monitoring").path("state").asText()).isEqualTo("queued");
        assertThat(s.path("monitoring").path("waiting_for").asText()).isEqualTo("spool/discover");
    }

    @Test
    void aPhaseWhosePhaseLeftWasLostIsClosedWhenTheNextIsEntered(@TempDir Path dir) {
        // given execute ran, handed the run on, and the process ended before phase_left was written
        RunStore store = RunStore.create(dir.resolve("run"), RunStoreTest.plan(dir), Duration.ofSeconds(5));
        store.phaseEntered(Phase.EXECUTE, 1);

        // when the next controller's collect takes the message
        store.phaseEntered(Phase.COLLECT, 1);

        // then execute is completed (derived), not running forever, and a rebuild from events says the same
        ObjectNode s = store.statusSnapshot();
        assertThat(s.path("phases").path("execute").path("state").asText()).isEqualTo("completed");
        assertThat(s.path("phases").path("execute").path("left_derived").asBoolean()).isTrue();
        assertThat(StatusRebuilder.rebuild(store.layout()).path("phases").path("execute").path("state").asText()).isEqualTo("completed");
    }

    @Test
    void aReenteredPhaseCarriesItsRealAttempt(@TempDir Path dir) throws Exception {
        // given a run that was in execute, interrupted, and resumed there
        RunStore store = RunStore.create(dir.resolve("run"), RunStoreTest.plan(dir), Duration.ofSeconds(5));
        store.phaseEntered(Phase.EXECUTE, 1);
        store.interrupted("operator stopped the controller (signal)");
        store.resumed(Phase.EXECUTE, "message already in spool");

        // when the spool message (attempt 1, like every message) is taken again
        store.phaseEntered(Phase.EXECUTE, 1);

        // then the event says attempt 2, after a run_resumed
        String events = Files.readString(store.layout().events());
        assertThat(events).contains("\"event\":\"run_resumed\"");
        assertThat(events.substring(events.lastIndexOf("phase_entered"))).contains("\"attempt\":2");
        assertThat(store.statusSnapshot().path("phases").path("execute").path("attempts").asInt()).isEqualTo(2);
    }

    @Test
    void recommendedCommandsUseALauncherThatWorksFromAnyDirectory(@TempDir Path dir) {
        // given
        RunStore store = RunStore.create(dir.resolve("run"), RunStoreTest.plan(dir), Duration.ofSeconds(5));
        ObjectNode s = store.statusSnapshot();

        // when
        StatusDerivation.apply(s, store.layout(), Instant.now());

        // then the launcher is an absolute path to an executable (this checkout's bin/sth-bench-automation)
        String command = s.path("next_command").asText();
        String launcher = command.substring(0, command.indexOf(' '));
        assertThat(Path.of(launcher)).isAbsolute().isExecutable();
        assertThat(launcher).endsWith("bin/sth-bench-automation");
    }
}
